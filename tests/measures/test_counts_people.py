"""Issue 12: a measure's definition records whether every value counts people, so that figures
published beyond the area protect them. Whoever defines the measure says so on its form; adoptions
follow the programme-wide definition; existing definitions were set from their words."""

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from measures import demo, services
from measures.models import Measure, SharedMeasure
from tests.measures.factories import MeasureFactory, ProportionMeasureFactory, SharedMeasureFactory

HELP = (
    "Tick if every value counts people — children, families, practitioners. Figures published beyond the area "
    "are then protected."
)


def _definition(**overrides) -> dict:
    return {
        "name": "Families offered support",
        "measure_type": "outcome",
        "definition": "Families offered support in the month.",
        "is_count": "on",
        "unit": "families",
        "frequency": "monthly",
        "direction": "increase",
    } | overrides


def test_the_measure_form_asks_whether_it_counts_people_and_says_what_follows(client_for, member, dundee):
    page = client_for(member).get(reverse("measures:create", args=[dundee.slug])).content.decode()
    assert 'name="counts_people"' in page and HELP in page


def test_whoever_defines_a_measure_says_whether_it_counts_people(client_for, member, dundee):
    client = client_for(member)
    client.post(reverse("measures:create", args=[dundee.slug]), _definition(counts_people="on"))
    client.post(reverse("measures:create", args=[dundee.slug]), _definition(name="Huddles held", unit="huddles"))
    found = dict(Measure.objects.values_list("name", "counts_people"))
    assert found == {"Families offered support": True, "Huddles held": False}
    families = Measure.objects.get(name="Families offered support")
    assert families.history.get().counts_people is True


def test_an_adoption_follows_the_programme_wide_definition(celcis, member, dundee):
    shared = SharedMeasureFactory(counts_people=False)
    adopted = services.measure_adopt(area=dundee, actor=member, shared=shared)
    assert adopted.counts_people is False
    services.shared_measure_save(actor=celcis, data={"counts_people": True}, shared=shared, expected_version=1)
    adopted.refresh_from_db()
    assert adopted.counts_people is True


def test_the_data_migration_sets_it_from_the_definitions_words(dundee):
    migration = importlib.import_module("measures.migrations.0004_measures_record_whether_they_count_people")
    families = MeasureFactory(area=dundee, name="Families completing the programme", unit="families")
    days = MeasureFactory(area=dundee, name="Days from referral to plan", unit="days")
    seen = ProportionMeasureFactory(area=dundee, name="Seen on time")  # "Families seen within two weeks"
    plans = ProportionMeasureFactory(
        area=dundee, name="Plans reviewed", numerator_definition="Plans reviewed", denominator_definition="Plans"
    )
    shared = SharedMeasureFactory(name="Children seen", unit="children")

    state = MigrationExecutor(connection).loader.project_state(
        ("measures", "0004_measures_record_whether_they_count_people")
    )
    migration.set_from_words(state.apps, None)

    found = dict(Measure.objects.values_list("pk", "counts_people"))
    assert found == {families.pk: True, days.pk: False, seen.pk: True, plans.pk: False}
    assert SharedMeasure.objects.get(pk=shared.pk).counts_people is True
    latest = families.history.order_by("-history_date", "-history_id").first()
    assert latest.counts_people is True and latest.history_change_reason == migration.REASON


def test_the_demo_marks_the_measures_that_count_families(db):
    from areas import demo as area_demo

    area_demo.seed()
    demo.seed()
    counting = set(Measure.objects.filter(counts_people=True).values_list("area__slug", "name"))
    assert ("inverclyde", "Demo: Families re-referred within six months") in counting
    assert ("perth-and-kinross", "Demo: Families completing the parenting programme") in counting
    assert ("dundee", demo.SHARED["name"]) in counting  # the programme-wide measure, adopted
    assert not Measure.objects.filter(counts_people=True, unit__in=["days", "hours", "meetings"]).exists()
