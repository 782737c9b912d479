"""`sakra report annual YEAR --format pdf|docx|xlsx --out FILE`: the region's newest report
of the year, as the pages give it (frozen figures once approved)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import output, services
from ...models import AnnualReport


class Command(BaseCommand):
    help = "Write the annual security report of a year as PDF, DOCX or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("year", type=int)
        parser.add_argument("--format", dest="fmt", choices=["pdf", "docx", "xlsx"], default="pdf")
        parser.add_argument("--out", required=True)

    def handle(self, *args, kind, year, fmt, out, **options):
        report = (
            AnnualReport.objects.current()
            .filter(year=year, administration__isnull=True)
            .order_by("-number")
            .first()
        )
        if report is None:
            raise CommandError(f"No annual report for {year}.")
        facts = services.current_facts(report)
        chapters = list(report.chapters.select_related("area"))
        if fmt == "pdf":
            content = output.pdf(report, facts, chapters)
        elif fmt == "docx":
            content = output.docx(report, facts, chapters)
        else:
            content = output.xlsx(facts)
        Path(out).write_bytes(content)
        self.stdout.write(f"{out}: {len(content)} bytes ({report}, {report.get_status_display()})")
