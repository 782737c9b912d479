"""Swedish unless the user chose otherwise: the browser's Accept-Language is not asked.

Regions' computers often run English Windows for Swedish staff; the product's language is
Swedish, and English is a choice made with the switch in the header (a cookie).
"""

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


@receiver(request_finished, dispatch_uid="sakra.core.locale.language_ends_with_the_request")
def _language_ends_with_the_request(**kwargs):
    """The person's language is active for their request only, not for whatever the thread
    does next (a task, the next test). Django's LocaleMiddleware leaves it active in the thread.
    Not in process_response: a streamed export is written after it, in the person's language;
    request_finished comes when the response is closed, after the last row."""
    translation.deactivate()
