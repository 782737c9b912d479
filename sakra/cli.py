"""The `sakra` command: Django's management commands plus the project's own.

`sakra load-areas halland` is `manage.py load_areas halland`: dashes become underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - load the settings now to report bad configuration
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"sakra: {exc}\n")
        sys.exit(2)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
