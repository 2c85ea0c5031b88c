"""Load demo data for a development copy: `python manage.py seed_demo`.

Each app that has demo data provides `<app>/demo.py` with a `seed(stdout)` function; they run in
INSTALLED_APPS order, so an app's demo data can rely on the apps before it. Running it again
brings the demo data back to its starting state without duplicating anything.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import freshness


class Command(BaseCommand):
    help = "Create demo users and demo records (development copies only; refuses with debug off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DJANGO_DEBUG off: demo users with a published password "
                "must never reach a live portal."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(stdout=self.stdout)
            freshness.changed(None)  # rows written in bulk sent no signals: nothing cached before is served
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
