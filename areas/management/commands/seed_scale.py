"""Load believable records at scale for measuring the portal: `python manage.py seed_scale --areas 32
--years 5 [--seed 1]`.

`areas.scale.prepare` brings the areas into the programme with their people; then each app that has
records at scale provides `<app>/scale.py` with a `seed(scale, rng, stdout)` function, run in
INSTALLED_APPS order so an app's records can rely on the apps before it. Each app draws from its own
random generator, seeded from `--seed` and its name, so a seed always gives the same data. It runs
after `seed_demo` on the same database (the demo areas and their people are reused) and refuses to
load the scale-test data twice.
"""

import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from areas import scale
from core import freshness

MAX_AREAS = 32  # Scotland's councils
MAX_YEARS = 10


class Command(BaseCommand):
    help = "Create programme areas × years of scale-test records (development copies only; refuses with debug off)."

    def add_arguments(self, parser):
        parser.add_argument("--areas", type=int, required=True, help=f"Programme areas, 1 to {MAX_AREAS}.")
        parser.add_argument("--years", type=int, required=True, help=f"Years of records up to today, 1 to {MAX_YEARS}.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random figures (same seed, same data).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale refuses to run with DJANGO_DEBUG off: scale-test users with a published password "
                "must never reach a live portal."
            )
        areas, years, seed = options["areas"], options["years"], options["seed"]
        if not 1 <= areas <= MAX_AREAS:
            raise CommandError(f"--areas must be from 1 to {MAX_AREAS} (Scotland has {MAX_AREAS} councils).")
        if not 1 <= years <= MAX_YEARS:
            raise CommandError(f"--years must be from 1 to {MAX_YEARS}.")
        if scale.already_loaded():
            raise CommandError(
                "Scale-test data is already loaded. Start from a new database (or one with only the demo)."
            )
        began = time.perf_counter()
        with transaction.atomic():
            plan = scale.prepare(areas=areas, years=years, stdout=self.stdout)
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.scale"
                if app_config.name == "areas" or find_spec(module_name) is None:
                    continue
                started = time.perf_counter()
                rng = random.Random(f"{seed}:{app_config.label}")  # noqa: S311 -- repeatable test figures
                import_module(module_name).seed(plan, rng=rng, stdout=self.stdout)
                self.stdout.write(f"  ({app_config.label}: {time.perf_counter() - started:.1f} s)")
            freshness.changed(None)  # rows written in bulk sent no signals: nothing cached before is served
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale-test data loaded: {areas} areas × {years} years in {time.perf_counter() - began:.0f} s."
            )
        )
