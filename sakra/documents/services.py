"""Every change to governing documents: one transaction each, the acting person as `by=`, a
required `version` (the document's) for a change to an existing document, an audit entry
(auditlog), notifications on commit.

The life of a document: `create_document` (its first draft) → `edit_draft` → optionally
`send_on_consultation` and `record_reply` → `adopt` (a governance decision, the HTML frozen with
a hash, the distribution) → `acknowledge` by recipients → `mark_reviewed` or a new draft and
adoption within the review interval → `archive`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import RoleAssignment, User
from sakra.accounts.services import notify
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.governance.services import record_decision
from sakra.incidents.uploads import check_upload

from .choices import (
    WORKING_STATES,
    Audience,
    DocumentKind,
    DocumentStatus,
    ReviewKind,
    VersionState,
)
from .models import (
    SEARCH_HEAD_LENGTH,
    Acknowledgement,
    Consultation,
    ConsultationRecipient,
    ConsultationReply,
    DistributionRecipient,
    Document,
    DocumentVersion,
    ReviewEvent,
    add_months,
)
from .notifications import ADOPTED, ADOPTED_TO_CONFIRM, CONSULTATION, CONSULTATION_REPLY
from .querysets import CREATE, REPLY
from .rendering import content_hash, render_markdown

#: The file types a document may carry as its content.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}
MAX_BODY = 200_000


def _text(value: str, field: str, *, required: bool = False, limit: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {field: _("Keep it to at most {limit} characters.").format(limit=limit)}
        )
    try:
        return check_stored_text(value) if value else value
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _require(by: Any, action: str, obj: Any, message: str) -> None:
    if not can(by, action, obj):
        raise PermissionDenied(message)


def check_document_file(uploaded) -> Any:
    """A PDF or DOCX by its content (not its name), a DOCX that is no zip bomb."""
    try:
        clean = check_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from None
    if clean.content_type not in DOCUMENT_TYPES:
        raise ValidationError(
            {"attachment": _("A document's file must be a PDF or a Word file (DOCX).")}
        )
    return clean


def _check_chain(document: Document, parent: Document | None, field: str = "parent") -> None:
    """Refuse a parent that is the document itself or lies below it (a loop in the tree)."""
    seen = set()
    node = parent
    while node is not None:
        if document.pk is not None and node.pk == document.pk:
            raise ValidationError({field: _("A document cannot be governed by itself.")})
        if node.pk in seen:  # an old loop in the data: stop rather than spin
            break
        seen.add(node.pk)
        node = node.parent


def refresh_search(document: Document) -> None:
    """Keep the lower-case search copies: the title, and the title, body and file text of the
    version in force (or of the draft while none is)."""
    version = document.current or document.versions.order_by("-number").first()
    parts = [document.title]
    if version is not None:
        parts += [version.body, version.attachment_text]
    text = "\n".join(part for part in parts if part).casefold()
    Document.objects.filter(pk=document.pk).update(
        search_title=document.title.casefold(),
        search_text=text,
        search_head=text[:SEARCH_HEAD_LENGTH],
    )


def _attach(version: DocumentVersion, upload) -> None:
    clean = check_document_file(upload)
    version.attachment.save(
        f"v{version.number}.{clean.extension}", ContentFile(clean.content), save=False
    )
    version.attachment_name = clean.original_name
    version.attachment_type = clean.content_type
    version.attachment_text = ""
    version.attachment_read = False


def _read_attachment_later(version: DocumentVersion) -> None:
    from .tasks import extract_attachment_text

    transaction.on_commit(lambda: extract_attachment_text.enqueue(version.pk))


def _details(
    document: Document,
    *,
    title,
    kind,
    parent,
    supplements,
    unit,
    audience,
    records_class,
    review_months,
) -> None:
    document.title = _text(title, "title", required=True, limit=200)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a kind of document.")})
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the document is for.")})
    if not isinstance(review_months, int) or not 1 <= review_months <= 120:
        raise ValidationError(
            {"review_months": _("Give a review interval between 1 and 120 months.")}
        )
    _check_chain(document, parent)
    _check_chain(document, supplements, "supplements")
    if supplements is not None and unit is None:
        raise ValidationError({"unit": _("A local supplement applies to one unit.")})
    document.kind, document.parent, document.supplements = kind, parent, supplements
    document.unit, document.audience, document.review_months = unit, audience, review_months
    document.records_class = _text(records_class, "records_class", limit=100)


@transaction.atomic
def create_document(
    *,
    by: Any,
    title: str,
    kind: str,
    unit=None,
    areas: Iterable = (),
    parent=None,
    supplements=None,
    audience: str = Audience.ALL_STAFF,
    records_class: str = "",
    review_months: int = 24,
    owner=None,
    related: Iterable = (),
    body: str = "",
    change_summary: str = "",
    upload=None,
) -> Document:
    """A new document with its first draft; `by` must keep documents where it applies."""
    if not Document.objects.may(by, CREATE):
        raise PermissionDenied(_("You may not write governing documents."))
    document = Document(owner=owner or by)
    _details(
        document,
        title=title,
        kind=kind,
        parent=parent,
        supplements=supplements,
        unit=unit,
        audience=audience,
        records_class=records_class,
        review_months=review_months,
    )
    document.save()
    document.areas.set(areas)
    document.related.set(related)
    if not Document.objects.for_user(by, CREATE).filter(pk=document.pk).exists():
        raise PermissionDenied(_("You may not write governing documents here."))
    version = DocumentVersion(
        document=document,
        number=1,
        created_by=by,
        body=_text(body, "body", limit=MAX_BODY),
        change_summary=_text(change_summary, "change_summary", limit=2000),
    )
    if upload is not None:
        _attach(version, upload)
        _read_attachment_later(version)
    version.save()
    refresh_search(document)
    return document


@transaction.atomic
def update_details(
    document: Document,
    *,
    by: Any,
    version: int,
    title: str,
    kind: str,
    unit=None,
    areas: Iterable = (),
    parent=None,
    supplements=None,
    audience: str = Audience.ALL_STAFF,
    records_class: str = "",
    review_months: int = 24,
    related: Iterable = (),
) -> Document:
    """Change what the document is, where it sits in the chain and whom it is for."""
    _require(by, CHANGE, document, _("You may not change this document."))
    row = lock(document, version)
    _details(
        row,
        title=title,
        kind=kind,
        parent=parent,
        supplements=supplements,
        unit=unit,
        audience=audience,
        records_class=records_class,
        review_months=review_months,
    )
    save_new_version(
        row,
        "title",
        "kind",
        "parent",
        "supplements",
        "unit",
        "audience",
        "records_class",
        "review_months",
    )
    row.areas.set(areas)
    row.related.set([doc for doc in related if doc.pk != row.pk])
    if not Document.objects.for_user(by, CHANGE).filter(pk=row.pk).exists():
        raise PermissionDenied(_("You may not move the document out of your scope."))
    refresh_search(row)
    return row


def working_version(document: Document) -> DocumentVersion | None:
    return document.versions.filter(state__in=WORKING_STATES).first()


@transaction.atomic
def edit_draft(
    document: Document,
    *,
    by: Any,
    version: int,
    body: str = "",
    change_summary: str = "",
    upload=None,
    remove_attachment: bool = False,
) -> DocumentVersion:
    """Write the document's draft; a document in force gets a new draft, one at a time (the
    document's version is the edit lock: a stale one is refused)."""
    _require(by, CHANGE, document, _("You may not change this document."))
    row = lock(document, version)
    if row.status == DocumentStatus.ARCHIVED:
        raise ValidationError(_("An archived document is not changed."))
    draft = working_version(row)
    if draft is None:
        number = (row.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = DocumentVersion(document=row, number=number, created_by=by)
        previous = row.current
        if (
            previous is not None
            and upload is None
            and not remove_attachment
            and previous.attachment
        ):
            # The file in force is carried into the draft until a new one replaces it.
            draft.attachment = previous.attachment.name
            draft.attachment_name, draft.attachment_type = (
                previous.attachment_name,
                previous.attachment_type,
            )
            draft.attachment_text, draft.attachment_read = (
                previous.attachment_text,
                previous.attachment_read,
            )
    draft.body = _text(body, "body", limit=MAX_BODY)
    draft.change_summary = _text(change_summary, "change_summary", limit=2000)
    if remove_attachment:
        draft.attachment, draft.attachment_name, draft.attachment_type = "", "", ""
        draft.attachment_text = ""
    if upload is not None:
        _attach(draft, upload)
        _read_attachment_later(draft)
    draft.save()
    save_new_version(row)
    if row.current_id is None:
        refresh_search(row)
    return draft


def _recipient_rows(targets: Sequence[tuple[Any, str]], field: str) -> list[tuple[Any, str]]:
    rows = []
    for unit, role in targets:
        role = role or ""
        if unit is None and not role:
            raise ValidationError({field: _("Choose a unit, a role or both.")})
        if role and role not in {
            value for value, _label in RoleAssignment._meta.get_field("role").choices
        }:
            raise ValidationError({field: _("Choose a role.")})
        rows.append((unit, role))
    if not rows:
        raise ValidationError({field: _("Choose at least one recipient.")})
    return rows


def people_for(targets: Sequence[tuple[Any, str]]) -> list[User]:
    """The active people a unit-and-role target names: holders of the role in the unit's
    subtree (any role, and the people whose home unit lies there, when no role is named)."""
    condition = Q(pk__in=[])
    for unit, role in targets:
        assignment = Q()
        if role:
            assignment &= Q(role=role)
        if unit is not None:
            assignment &= Q(unit__path__startswith=unit.path)
        condition |= Q(pk__in=RoleAssignment.objects.filter(assignment).values("user"))
        if unit is not None and not role:
            condition |= Q(home_unit__path__startswith=unit.path)
    return list(User.objects.filter(condition, is_active=True).order_by("full_name", "pk"))


@transaction.atomic
def send_on_consultation(
    document: Document,
    *,
    by: Any,
    version: int,
    reply_by: datetime.date,
    recipients: Sequence[tuple[Any, str]],
    message: str = "",
) -> Consultation:
    """Send the draft on consultation (remiss) to units and roles, to reply by a date."""
    _require(by, CHANGE, document, _("You may not send this document on consultation."))
    row = lock(document, version)
    draft = working_version(row)
    if draft is None or draft.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft not yet on consultation can be sent."))
    if not isinstance(reply_by, datetime.date) or reply_by < timezone.localdate():
        raise ValidationError({"reply_by": _("Give a reply date from today on.")})
    targets = _recipient_rows(recipients, "recipients")
    consultation = Consultation.objects.create(
        version=draft,
        reply_by=reply_by,
        sent_by=by,
        message=_text(message, "message", limit=5000),
    )
    ConsultationRecipient.objects.bulk_create(
        ConsultationRecipient(consultation=consultation, unit=unit, role=role)
        for unit, role in targets
    )
    draft.state = VersionState.CONSULTATION
    draft.save(update_fields=["state"])
    if row.status == DocumentStatus.DRAFT:
        row.status = DocumentStatus.CONSULTATION
    save_new_version(row, "status")
    people = [person for person in people_for(targets) if person.pk != by.pk]
    notify(
        people,
        CONSULTATION(title=row.title, date=reply_by.isoformat()),
        url=row.get_absolute_url(),
    )
    return consultation


@transaction.atomic
def record_reply(
    document: Document, *, by: Any, text: str, on_behalf_of: str = ""
) -> ConsultationReply:
    """A reply to the consultation the document's draft is on: from one it was sent to, or
    recorded by the owner for a reply that came another way."""
    if not Document.objects.for_user(by, REPLY).filter(pk=document.pk).exists():
        raise PermissionDenied(_("You may not reply to this consultation."))
    draft = working_version(document)
    if draft is None or draft.state != VersionState.CONSULTATION:
        raise ValidationError(_("The document is not on consultation."))
    reply = ConsultationReply.objects.create(
        consultation=draft.consultation,
        by=by,
        text=_text(text, "text", required=True, limit=20000),
        on_behalf_of=_text(on_behalf_of, "on_behalf_of", limit=200),
    )
    if document.owner_id != by.pk:
        notify(
            [document.owner],
            CONSULTATION_REPLY(title=document.title),
            body=reply.on_behalf_of or by.full_name,
            url=document.get_absolute_url(),
        )
    return reply


@transaction.atomic
def adopt(
    document: Document,
    *,
    by: Any,
    version: int,
    forum,
    decided_on: datetime.date,
    paragraph: str = "",
    registry_number: str = "",
    decision_text: str = "",
    distribute_to: Sequence[tuple[Any, str]] = (),
    people: Sequence[User] = (),
    acknowledge_by: datetime.date | None = None,
) -> DocumentVersion:
    """Adopt the draft: the forum's decision (governance's one record), the HTML frozen with a
    hash, the version in force superseded (and kept readable), the review clock restarted and
    the document sent to its recipients (the people `distribute_to` names, and `people` by
    name), who confirm reading it when `acknowledge_by` is set."""
    _require(by, CHANGE, document, _("You may not adopt this document."))
    row = lock(document, version)
    draft = working_version(row)
    if draft is None:
        raise ValidationError(_("There is no draft to adopt."))
    if not draft.body.strip() and not draft.attachment:
        raise ValidationError({"body": _("Write the text or attach the file before adopting.")})
    if isinstance(decided_on, datetime.date) and decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    if (
        acknowledge_by is not None
        and isinstance(decided_on, datetime.date)
        and acknowledge_by < decided_on
    ):
        raise ValidationError({"acknowledge_by": _("Give a date after the decision.")})
    targets = _recipient_rows(distribute_to, "distribute_to") if distribute_to else []
    paragraph = _text(paragraph, "paragraph", limit=20)
    registry_number = _text(registry_number, "registry_number", limit=40)
    decision = record_decision(
        by=by,
        forum=forum,
        decided_on=decided_on,
        title=_("Adoption of {title}, version {number}").format(
            title=row.title, number=draft.number
        )[:200],
        text=decision_text,
        paragraph=paragraph,
        registry_number=registry_number,
    )
    draft.html = render_markdown(draft.body)
    attached = b""
    if draft.attachment:
        with draft.attachment.open("rb") as handle:
            attached = handle.read()
    draft.content_hash = content_hash(draft.html, attached)
    draft.state, draft.decision, draft.adopted_on = VersionState.ADOPTED, decision, decided_on
    draft.acknowledge_by = acknowledge_by
    draft.save()
    if row.current_id:
        DocumentVersion.objects.filter(pk=row.current_id).update(state=VersionState.SUPERSEDED)
    ReviewEvent.objects.create(
        document=row,
        kind=ReviewKind.ADOPTED,
        reviewed_on=decided_on,
        due_on=row.next_review,
        by=by,
        note=draft.change_summary,
    )
    row.current, row.status = draft, DocumentStatus.ADOPTED
    row.next_review = add_months(decided_on, row.review_months)
    save_new_version(row, "current", "status", "next_review")
    named = [person for person in people if person.is_active]
    people = list({p.pk: p for p in [*(people_for(targets) if targets else []), *named]}.values())
    DistributionRecipient.objects.bulk_create(
        DistributionRecipient(
            version=draft, user=person, must_acknowledge=acknowledge_by is not None
        )
        for person in people
    )
    refresh_search(row)
    notify(
        people,
        ADOPTED_TO_CONFIRM(title=row.title, date=acknowledge_by.isoformat())
        if acknowledge_by
        else ADOPTED(title=row.title),
        url=row.get_absolute_url(),
    )
    return draft


@transaction.atomic
def acknowledge(document_version: DocumentVersion, *, by: Any) -> Acknowledgement:
    """`by` confirms reading a version they were sent; once (a second time changes nothing)."""
    if not DistributionRecipient.objects.filter(version=document_version, user=by.pk).exists():
        raise PermissionDenied(_("Only the recipients of this version confirm reading it."))
    if not DocumentVersion.objects.for_user(by, VIEW).filter(pk=document_version.pk).exists():
        raise PermissionDenied(_("Only the recipients of this version confirm reading it."))
    existing = Acknowledgement.objects.filter(version=document_version, user=by).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(version=document_version, user=by)
    except IntegrityError:
        return Acknowledgement.objects.get(version=document_version, user=by)


@transaction.atomic
def mark_reviewed(
    document: Document,
    *,
    by: Any,
    version: int,
    reviewed_on: datetime.date | None = None,
    note: str = "",
) -> ReviewEvent:
    """ "Reviewed, no change": its own event; the next review runs from this review's date
    (not from the old schedule), and the indicator counts it in time or late."""
    _require(by, CHANGE, document, _("You may not review this document."))
    row = lock(document, version)
    if row.status != DocumentStatus.ADOPTED:
        raise ValidationError(_("Only a document in force is reviewed."))
    reviewed_on = reviewed_on or timezone.localdate()
    if not isinstance(reviewed_on, datetime.date) or reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("The review date cannot be in the future.")})
    event = ReviewEvent.objects.create(
        document=row,
        kind=ReviewKind.NO_CHANGE,
        reviewed_on=reviewed_on,
        due_on=row.next_review,
        note=_text(note, "note", limit=5000),
        by=by,
    )
    row.next_review = add_months(reviewed_on, row.review_months)
    save_new_version(row, "next_review")
    return event


@transaction.atomic
def archive(document: Document, *, by: Any, version: int) -> Document:
    """Take a document out of force; it and every version stay readable."""
    _require(by, CHANGE, document, _("You may not archive this document."))
    row = lock(document, version)
    if row.status == DocumentStatus.ARCHIVED:
        raise ValidationError(_("The document is already archived."))
    row.status = DocumentStatus.ARCHIVED
    save_new_version(row, "status")
    return row


def store_attachment_text(version_id: int, text: str) -> None:
    """The worker's result: the file's text, and the document's search copy refreshed."""
    with transaction.atomic():
        version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
        if version is None:
            return
        DocumentVersion.objects.filter(pk=version.pk).update(
            attachment_text=text[: MAX_BODY * 5], attachment_read=True
        )
        document = Document.objects.select_related("current").get(pk=version.document_id)
        refresh_search(document)
