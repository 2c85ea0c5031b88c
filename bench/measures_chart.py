"""Benchmark: a measure's chart page with five years of weekly data, cold (drawn) and warm (cached).

Run from the project folder:

    .venv/bin/python bench/measures_chart.py [--rounds 7]

It builds a throwaway test database (migrated from scratch, removed at the end), adds one weekly
measure with five years of values and a few stage changes, then requests the measure's page through
Django's test client: "cold" clears the cache first, so both charts are analysed and drawn; "warm"
is the next request, served from the cache. It prints each median and the ratio. Nothing is
asserted: the machine is shared and timings are noisy, so compare figures from one run.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def build_measure():
    """Dundee, its lead, and a weekly measure with five years of values and three stage changes."""
    import random

    from areas.models import LocalArea, Membership, Role, User
    from measures.models import Measure, MeasureValue
    from measures.periods import next_period, period_containing
    from stages.models import StageChange, StageChangeStatus

    area = LocalArea.objects.get(slug="dundee")
    lead = User.objects.create(username="bench-lead", first_name="Bench", last_name="Lead")
    Membership.objects.create(user=lead, area=area, role=Role.AREA_LEAD)
    measure = Measure.objects.create(
        area=area,
        name="Bench: wellbeing concerns discussed",
        measure_type="process",
        definition="Benchmark data.",
        unit="concerns",
        frequency="weekly",
        direction="increase",
        baseline_points=52,
        created_by=lead,
    )
    rng = random.Random(2026)  # noqa: S311 -- repeatable benchmark data
    period = period_containing("weekly", timezone.localdate() - timedelta(days=5 * 365))
    values = []
    for week in range(5 * 52 + 1):
        figure = 20 + rng.gauss(0, 3) + (6 if week > 150 else 0)
        values.append(
            MeasureValue(area=area, measure=measure, period_start=period, value=round(figure, 1), recorded_by=lead)
        )
        period = next_period("weekly", period)
    MeasureValue.objects.bulk_create(values)
    for stage, weeks_ago in (("exploration", 240), ("installation", 160), ("initial", 100)):
        StageChange.objects.create(
            area=area,
            stage=stage,
            entered_on=period - timedelta(weeks=weeks_ago),
            status=StageChangeStatus.CONFIRMED,
            recorded_by=lead,
        )
    return measure, lead, len(values)


def timed_get(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="cold and warm requests to time (default 7)")
    rounds = parser.parse_args().rounds

    setup_test_environment()
    print("Creating a throwaway database (migrating from scratch)…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        measure, lead, points = build_measure()
        client = Client()
        client.force_login(lead)
        url = reverse("measures:detail", args=[measure.area.slug, measure.pk])
        timed_get(client, url)  # first request: imports, font cache, session
        cold, warm = [], []
        for _ in range(rounds):
            cache.clear()
            cold.append(timed_get(client, url))
            warm.append(timed_get(client, url))
        cold_median, warm_median = statistics.median(cold), statistics.median(warm)
        print(f"Measure page with {points} weekly values (5 years), {rounds} rounds:")
        print(f"  cold (analysed and drawn): median {cold_median * 1000:.0f} ms")
        print(f"  warm (from the cache):     median {warm_median * 1000:.0f} ms")
        print(f"  ratio cold / warm:         {cold_median / warm_median:.1f}×")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
