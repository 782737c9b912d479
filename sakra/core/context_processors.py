"""Template context shared by every page."""

from django.apps import apps
from django.urls import reverse


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
