"""Sakra's own settings and addresses, and one more: the floor of the honest bench, a signed-in
page that does nothing. Every middleware, the session, the user and `login_required` run as for
any page; what a page costs above this is the page's own.

    DJANGO_SETTINGS_MODULE=bench.floor_settings gunicorn sakra.config.wsgi:application
"""

from sakra.config.settings import *  # noqa: F403 - Sakra's settings, with one address more

ROOT_URLCONF = "bench.floor_urls"
