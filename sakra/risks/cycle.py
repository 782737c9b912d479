"""The mandate-period cycle of the regional RSA (MSBFS 2015:4): one RSA per four-year mandate
period, reported by 31 October of the first year after the election, then followed up yearly.

Swedish general elections are held on the second Sunday of September every fourth year (2018,
2022, 2026, …). The mandate period an RSA covers is the four calendar years after its election
year: the election of 2022 gives the period 2023–2026, whose RSA is due on 31 October 2023 and
followed up by 31 October 2024, 2025 and 2026. An RSA belongs to the period its own period
starts in. Everything here is computed from dates and the analyses; nothing is stored but the
reminders sent (`CycleReminder`, one per deadline).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .choices import AnalysisKind, AnalysisStatus, CycleStep

#: A year of a general election; every fourth year from it is one too.
ELECTION_YEAR = 2022
#: The day of the year by which the RSA, and each year's follow-up, is reported.
DUE_MONTH, DUE_DAY = 10, 31
#: Days before a deadline that the security chiefs are reminded (once).
REMIND_DAYS = 60


def is_election_year(year: int) -> bool:
    return (year - ELECTION_YEAR) % 4 == 0


def election_day(year: int) -> datetime.date:
    """The second Sunday of September of an election year."""
    if not is_election_year(year):
        raise ValueError(f"{year} is not an election year")
    first = datetime.date(year, 9, 1)
    first_sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + datetime.timedelta(days=7)


@dataclass(frozen=True)
class MandatePeriod:
    """The four years after an election."""

    first_year: int

    @property
    def last_year(self) -> int:
        return self.first_year + 3

    @property
    def election(self) -> datetime.date:
        return election_day(self.first_year - 1)

    @property
    def report_due(self) -> datetime.date:
        return datetime.date(self.first_year, DUE_MONTH, DUE_DAY)

    @property
    def follow_up_years(self) -> range:
        return range(self.first_year + 1, self.last_year + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first_year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last_year, 12, 31)

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}"


def period_of(year: int) -> MandatePeriod:
    """The mandate period a calendar year belongs to (an election year is the last of one)."""
    return MandatePeriod(year - (year - ELECTION_YEAR - 1) % 4)


def due_in(year: int) -> tuple[str, datetime.date]:
    """The step of the cycle that falls due in `year`, and its deadline."""
    period = period_of(year)
    step = CycleStep.REPORT if year == period.first_year else CycleStep.FOLLOW_UP
    return step, datetime.date(year, DUE_MONTH, DUE_DAY)


@dataclass
class Deadline:
    step: str
    due: datetime.date
    year: int
    done: bool
    on_time: bool = False
    overdue: bool = False

    @property
    def label(self) -> str:
        return str(CycleStep(self.step).label)


@dataclass
class PeriodStatus:
    """A mandate period with its RSA (if any) and each deadline, met or not."""

    period: MandatePeriod
    analysis: object | None
    deadlines: list[Deadline] = field(default_factory=list)


def rsas():
    from .models import RiskAnalysis

    return RiskAnalysis.objects.filter(kind=AnalysisKind.REGIONAL_RSA)


def in_periods(analyses, periods: list[MandatePeriod]):
    """The analyses starting within the periods (one query, asked even when it finds none)."""
    return analyses.filter(
        kind=AnalysisKind.REGIONAL_RSA,
        period_start__year__gte=min(p.first_year for p in periods),
        period_start__year__lte=max(p.last_year for p in periods),
    )


def rsa_of(period: MandatePeriod, analyses=None):
    """The period's RSA: the newest regional RSA starting in the period, approved first."""
    candidates = [
        a for a in (analyses if analyses is not None else rsas())
        if period.first_year <= a.period_start.year <= period.last_year
        and (a.status != AnalysisStatus.ARCHIVED or a.decision_id)
    ]  # fmt: skip
    candidates.sort(key=lambda a: (a.decision_id is None, -a.pk))
    return candidates[0] if candidates else None


def status(periods: list[MandatePeriod], today: datetime.date | None = None) -> list[PeriodStatus]:
    """Each period with its RSA and deadlines, in two queries whatever the number of periods."""
    from .models import RsaFollowUp

    today = today or timezone.localdate()
    within = in_periods(rsas(), periods)
    analyses = list(within.select_related("decision"))
    followed = set(
        RsaFollowUp.objects.filter(analysis__in=within.values("pk")).values_list(
            "analysis_id", "year"
        )
    )
    rows = []
    for period in periods:
        analysis = rsa_of(period, analyses)
        approved_on = None
        if analysis is not None and analysis.decision_id:
            approved_on = analysis.decision.decided_on
        report = Deadline(
            step=CycleStep.REPORT, due=period.report_due, year=period.first_year,
            done=approved_on is not None,
            on_time=approved_on is not None and approved_on <= period.report_due,
        )  # fmt: skip
        deadlines = [report]
        for year in period.follow_up_years:
            done = analysis is not None and (analysis.pk, year) in followed
            deadlines.append(
                Deadline(step=CycleStep.FOLLOW_UP, due=datetime.date(year, DUE_MONTH, DUE_DAY),
                         year=year, done=done, on_time=done)
            )  # fmt: skip
        for deadline in deadlines:
            deadline.overdue = not deadline.done and deadline.due < today
        rows.append(PeriodStatus(period=period, analysis=analysis, deadlines=deadlines))
    return rows


def around(today: datetime.date | None = None) -> list[MandatePeriod]:
    """The previous, the current and the next mandate period."""
    today = today or timezone.localdate()
    current = period_of(today.year)
    return [MandatePeriod(current.first_year + 4 * n) for n in (-1, 0, 1)]


def next_open(today: datetime.date | None = None) -> tuple[Deadline, PeriodStatus] | None:
    """The nearest deadline not met: this year's if it is still open (overdue once past),
    otherwise the next year's. None when neither is open."""
    today = today or timezone.localdate()
    periods = around(today)
    rows = status(periods, today)
    for year in (today.year, today.year + 1):
        for row in rows:
            for deadline in row.deadlines:
                if deadline.year == year and not deadline.done:
                    return deadline, row
    return None
