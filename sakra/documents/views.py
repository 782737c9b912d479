"""The documents' pages: thin, rows from `for_user()`, every change through a service."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import render_form, stored_file, submit
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .choices import DocumentKind, DocumentStatus, VersionState
from .forms import (
    AdoptForm,
    ArchiveForm,
    ConsultationForm,
    DetailsForm,
    DraftForm,
    NewDocumentForm,
    ReplyForm,
    ReviewForm,
)
from .models import Acknowledgement, DistributionRecipient, Document, DocumentVersion
from .querysets import CREATE, REPLY
from .rendering import diff_lines, render_markdown

KIND_ORDER = {kind: n for n, kind in enumerate(DocumentKind.values)}


@dataclass
class Node:
    """A document in the tree, with the documents it governs and its local supplements."""

    document: Document
    children: list = field(default_factory=list)
    supplements: list = field(default_factory=list)


def build_tree(rows) -> list[Node]:
    """The chain from policy to routine, from the rows the person reads (one query)."""
    nodes = {row.pk: Node(row) for row in rows}
    roots = []
    for node in nodes.values():
        row = node.document
        if row.supplements_id in nodes:
            nodes[row.supplements_id].supplements.append(node)
        elif row.parent_id in nodes:
            nodes[row.parent_id].children.append(node)
        else:
            roots.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (KIND_ORDER[n.document.kind], n.document.title))
    return sorted(roots, key=lambda n: (KIND_ORDER[n.document.kind], n.document.title))


@login_required
def index(request):
    """Every document the person reads, as the tree from policy to routine."""
    rows = Document.objects.for_user(request.user, VIEW).select_related("unit")
    status = request.GET.get("status", "")
    if status in DocumentStatus.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.exclude(status=DocumentStatus.ARCHIVED)
    return render(
        request,
        "documents/index.html",
        {
            "tree": build_tree(rows.order_by("title", "pk")),
            "may_create": Document.objects.may(request.user, CREATE),
            "statuses": DocumentStatus.choices,
            "status": status,
            "today": timezone.localdate(),
        },
    )


@login_required
def due(request):
    """Documents in force due for review within 90 days or overdue, by area and administration."""
    today = timezone.localdate()
    horizon = today + timezone.timedelta(days=90)
    rows = (
        Document.objects.for_user(request.user, VIEW)
        .filter(status=DocumentStatus.ADOPTED, next_review__lte=horizon)
        .select_related("unit", "owner")
        .prefetch_related("areas")
        .order_by("next_review", "pk")
    )
    area = request.GET.get("area", "")
    if area.isdigit():
        rows = rows.filter(areas=int(area))
    administrations = {
        unit.path: unit for unit in Unit.objects.filter(kind=UnitKind.ADMINISTRATION)
    }
    groups: dict[str, list] = {}
    for row in rows:
        administration = next(
            (
                unit
                for path, unit in administrations.items()
                if row.unit_id and row.unit.path.startswith(path)
            ),
            None,
        )
        names = [a.name for a in row.areas.all()] or [_("No security area")]
        for name in names:
            key = f"{name} · {administration or _('The whole region')}"
            groups.setdefault(key, []).append(row)
    return render(
        request,
        "documents/due.html",
        {
            "groups": sorted(groups.items()),
            "today": today,
            "areas": SecurityArea.objects.all(),
            "area": area,
        },
    )


@login_required
def create(request):
    if not Document.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = NewDocumentForm(request.POST or None, request.FILES or None, user=request.user)

    def call(data):
        upload = data.pop("attachment", None)
        return services.create_document(by=request.user, upload=upload, **data)

    if document := submit(form, call):
        messages.success(request, _("The document is saved as a draft."))
        return redirect(document)
    return render_form(request, "documents/form.html", {"form": form, "heading": _("New document")})


def _document(request, pk: int, action: str = VIEW) -> Document:
    return get_object_or_404(
        Document.objects.for_user(request.user, action).select_related(
            "unit", "owner", "parent", "supplements", "current__decision__forum"
        ),
        pk=pk,
    )


@login_required
def detail(request, pk: int):
    """The document in force (its frozen HTML), its draft for those who may read it, its place
    in the chain, its versions, the consultation and the person's own acknowledgement."""
    document = _document(request, pk)
    user = request.user
    versions = list(
        DocumentVersion.objects.for_user(user, VIEW)
        .filter(document=document)
        .select_related("decision__forum", "created_by")
        .order_by("-number")
    )
    draft = next((v for v in versions if v.is_working), None)
    current = document.current if any(v.pk == document.current_id for v in versions) else None
    may_change = can(user, CHANGE, document)
    mine = (
        DistributionRecipient.objects.filter(version=current, user=user).first()
        if current
        else None
    )
    consultation = getattr(draft, "consultation", None) if draft else None
    context = {
        "document": document,
        # Not "current": base.html's language switch sets that name for the whole page.
        "in_force": current,
        "draft": draft,
        "draft_html": render_markdown(draft.body) if draft and draft.body else "",
        "versions": versions,
        "may_change": may_change,
        "may_reply": consultation is not None
        and Document.objects.for_user(user, REPLY).filter(pk=document.pk).exists(),
        "consultation": consultation,
        "replies": consultation.replies.select_related("by") if consultation and may_change else [],
        "recipient": mine,
        "acknowledged": mine is not None
        and Acknowledgement.objects.filter(version=current, user=user).exists(),
        "children": Document.objects.for_user(user, VIEW).filter(parent=document).order_by("title"),
        "supplements": Document.objects.for_user(user, VIEW)
        .filter(supplements=document)
        .select_related("unit"),
        "related": Document.objects.for_user(user, VIEW).filter(
            Q(pk__in=document.related.values("pk"))
        ),
        "areas": document.areas.all(),
        "reviews": document.reviews.select_related("by")[:10],
        "reply_form": ReplyForm() if consultation else None,
        "review_form": ReviewForm(initial={"version": document.version}),
        "today": timezone.localdate(),
    }
    return render(request, "documents/detail.html", context)


@login_required
def edit(request, pk: int):
    document = _document(request, pk, CHANGE)
    initial = {
        "version": document.version,
        "title": document.title,
        "kind": document.kind,
        "parent": document.parent,
        "supplements": document.supplements,
        "unit": document.unit,
        "areas": list(document.areas.all()),
        "audience": document.audience,
        "records_class": document.records_class,
        "review_months": document.review_months,
        "related": list(document.related.all()),
    }
    form = DetailsForm(request.POST or None, initial=initial, user=request.user)
    if submit(form, lambda data: services.update_details(document, by=request.user, **data)):
        messages.success(request, _("The document's details are saved."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Edit the details")},
    )


@login_required
def draft(request, pk: int):
    document = _document(request, pk, CHANGE)
    working = services.working_version(document) or document.current
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "version": document.version,
            "body": working.body if working else "",
            "change_summary": working.change_summary if working and working.is_working else "",
        },
    )

    def call(data):
        return services.edit_draft(
            document,
            by=request.user,
            version=data["version"],
            body=data.get("body", ""),
            change_summary=data.get("change_summary", ""),
            upload=data.get("attachment"),
            remove_attachment=data.get("remove_attachment", False),
        )

    if submit(form, call):
        messages.success(request, _("The draft is saved."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Write the draft"), "files": True},
    )


@login_required
def consultation(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = ConsultationForm(request.POST or None, initial={"version": document.version})
    if submit(
        form,
        lambda _data: services.send_on_consultation(
            document, by=request.user, **form.data_for_service()
        ),
    ):
        messages.success(request, _("The draft is sent on consultation."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Send on consultation")},
    )


@login_required
@require_POST
def reply(request, pk: int):
    document = get_object_or_404(Document.objects.for_user(request.user, REPLY), pk=pk)
    form = ReplyForm(request.POST)
    if submit(form, lambda data: services.record_reply(document, by=request.user, **data)):
        messages.success(request, _("Your reply is recorded."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Reply to the consultation")},
    )


@login_required
def adopt(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = AdoptForm(request.POST or None, initial={"version": document.version})
    if submit(
        form,
        lambda _data: services.adopt(document, by=request.user, **form.data_for_service()),
    ):
        messages.success(request, _("The document is adopted and sent to its recipients."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Adopt the document")},
    )


@login_required
@require_POST
def review(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = ReviewForm(request.POST)
    if submit(form, lambda data: services.mark_reviewed(document, by=request.user, **data)):
        messages.success(
            request,
            _("The review is recorded; the next one is {date}.").format(
                date=Document.objects.get(pk=document.pk).next_review
            ),
        )
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {"form": form, "document": document, "heading": _("Reviewed, no change")},
    )


@login_required
def archive(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = ArchiveForm(request.POST or None, initial={"version": document.version})
    if submit(
        form,
        lambda data: services.archive(document, by=request.user, version=data["version"]),
    ):
        messages.success(request, _("The document is archived."))
        return redirect(document)
    return render_form(
        request,
        "documents/form.html",
        {
            "form": form,
            "document": document,
            "heading": _("Archive the document"),
            "confirm": _("An archived document is no longer in force. It stays readable."),
        },
    )


def _version(request, pk: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.for_user(request.user, VIEW).select_related(
            "document", "decision__forum", "created_by"
        ),
        pk=pk,
    )


@login_required
def version(request, pk: int):
    """One version as it was adopted (its frozen HTML), with the changes since the previous."""
    row = _version(request, pk)
    previous = (
        DocumentVersion.objects.for_user(request.user, VIEW)
        .filter(
            document=row.document_id,
            number__lt=row.number,
            state__in=[VersionState.ADOPTED, VersionState.SUPERSEDED],
        )
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "documents/version.html",
        {
            "version": row,
            "document": row.document,
            "html": row.html or render_markdown(row.body),
            "previous": previous,
            "diff": diff_lines(previous.body, row.body) if previous else [],
        },
    )


@login_required
@require_POST
def acknowledge(request, pk: int):
    row = _version(request, pk)
    services.acknowledge(row, by=request.user)
    messages.success(request, _("Thank you: you have confirmed reading it."))
    return redirect(row.document)


@login_required
def acknowledgements(request, pk: int):
    """Who the version was sent to and who has confirmed reading it: for those who keep it."""
    row = _version(request, pk)
    if not can(request.user, CHANGE, row.document):
        raise Http404
    recipients = (
        row.recipients.select_related("user")
        .annotate(
            read_at=Acknowledgement.objects.filter(version=row, user=OuterRef("user")).values("at")[
                :1
            ]
        )
        .order_by("user__full_name", "pk")
    )
    counts = row.recipients.aggregate(
        total=Count("pk"),
        read=Count(
            "pk",
            filter=Q(Exists(Acknowledgement.objects.filter(version=row, user=OuterRef("user")))),
        ),
    )
    return render(
        request,
        "documents/acknowledgements.html",
        {"version": row, "document": row.document, "recipients": recipients, "counts": counts},
    )


@never_cache
@login_required
def attachment(request, pk: int):
    row = _version(request, pk)
    return stored_file(
        row.attachment,
        filename=row.attachment_name or f"dokument-{row.pk}",
        content_type=row.attachment_type,
    )
