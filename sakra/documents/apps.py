from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_documents(user) -> bool:
    # Every signed-in person reads the documents written for them: no query on every page.
    return bool(user and user.is_authenticated)


class DocumentsConfig(AppConfig):
    name = "sakra.documents"
    label = "documents"
    verbose_name = _("Governing documents")
    url_prefix = "styrdokument/"
    navigation = [(_("Governing documents"), "documents:index", _reads_documents)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # The search copies are derived; the audit shows the fields people change.
        auditlog.register(models.Document, exclude_fields=["search_title", "search_text"])
        auditlog.register(models.DocumentVersion, exclude_fields=["attachment_text", "html"])
        auditlog.register(models.Consultation)
        auditlog.register(models.ConsultationReply)
        auditlog.register(models.Acknowledgement)
        auditlog.register(models.ReviewEvent)
