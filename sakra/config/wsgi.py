import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
application = get_wsgi_application()

# Resolve the URLs now, which imports every view: at start (once, in gunicorn's master with
# --preload) rather than in the first request each worker answers.
get_resolver().url_patterns  # noqa: B018 - read for its side effect
