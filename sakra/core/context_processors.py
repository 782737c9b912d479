"""Template context shared by every page."""

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .heartbeat import background_status

#: Who is warned on every page when background work has stopped: those who can act on it
#: (administrators run the worker; the security chief is whom acute reports escalate to).
WARNED_ROLES = ("security_chief",)


def navigation(request):
    """The modules this user may open, in the order their apps are installed.

    An app announces its entries with a `navigation` list on its AppConfig: triples of
    (label, url name, predicate(user) -> bool), and optionally a fourth, the url name of a
    count shown beside the entry (loaded after the page, so it costs the page nothing).
    Modules not installed are simply absent.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for config in apps.get_app_configs():
        for label, url_name, visible, *count in getattr(config, "navigation", ()):
            if visible(user):
                items.append(
                    {
                        "label": label,
                        "url": reverse(url_name),
                        "count_url": reverse(count[0]) if count else "",
                        "current": False,
                    }
                )
    # One entry is current: the longest URL the page lies under ("/atgarder/behov/" rather
    # than "/atgarder/" too).
    under = [item for item in items if request.path.startswith(item["url"])]
    if under:
        max(under, key=lambda item: len(item["url"]))["current"] = True
    return {"navigation": items}


def background_work(request):
    """A warning on every page for administrators and the security chief while background work
    has stopped (acute reports are not escalated); one query on the heartbeats, theirs only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not (user.is_staff or user.is_superuser or user.has_role(*WARNED_ROLES)):
        return {}
    status = background_status()
    if status.running:
        return {}
    if status.since is None:
        return {"background_stopped": {"since": ""}}
    since = timezone.localtime(status.since)
    today = since.date() == timezone.localdate()
    return {"background_stopped": {"since": date_format(since, "H:i" if today else "j M H:i")}}
