#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neglect_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now, so a refusal is said plainly
    except ImproperlyConfigured as refusal:
        # Django would carry on without the settings and fail later with a confusing
        # "Models aren't loaded yet"; say what is wrong instead.
        sys.exit(f"The settings refused to load: {refusal}\n(For a development copy, set DJANGO_DEBUG=1.)")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
