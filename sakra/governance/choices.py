from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumKind(models.TextChoices):
    """What kind of body a forum is: it decides who may record its decisions."""

    POLITICAL = "political", _("Political body")  # Regionfullmäktige, Regionstyrelsen, a committee
    OFFICIAL = "official", _("Official")  # regiondirektören, a head of administration
    SECURITY_BOARD = "security_board", _("Security board")
    MANAGEMENT = "management", _("Management meeting")  # the heads of administration's meeting
    NETWORK = "network", _("Network")  # the security coordinators' network
    COUNCIL = "council", _("Security council")  # one per administration
