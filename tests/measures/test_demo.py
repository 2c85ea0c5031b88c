"""The demo measures: several per programme area, patterns that really give (or do not give) signals."""

from areas import demo as area_demo
from areas.models import LocalArea, User
from measures import demo
from measures.models import Measure, MeasureValue, SharedMeasure
from measures.selectors import summaries


def test_each_programme_area_gets_measures_with_the_promised_patterns(db):
    area_demo.seed()
    demo.seed()
    shared = SharedMeasure.objects.get()
    assert shared.name.startswith("Demo: ")
    for slug, plans in demo.LOCAL.items():
        measures = Measure.objects.filter(area__slug=slug).select_related("shared")
        assert measures.count() == len(plans) + 1
        assert measures.filter(shared=shared).count() == 1  # the programme-wide measure, adopted
        by_name = {s.measure.name: s for s in summaries(measures)}
        for plan in [demo.SHARED_PLANS[slug], *plans]:
            summary = by_name[plan.name]
            assert plan.name.startswith("Demo: ")
            missing = plan is demo.SHARED_PLANS[slug] and slug in demo.LAST_MONTH_MISSING
            assert summary.analysis.points == demo.MONTHS - missing
            rules = {signal.rule for signal in summary.analysis.signals}
            if plan.pattern == "noise":
                assert not summary.has_signal, f"{slug}: {plan.name} should show no signal"
            else:
                assert "improvement" in summary.analysis.tones and "concern" not in summary.analysis.tones
                assert ("shift" if plan.pattern == "shift" else "trend") in rules, f"{slug}: {plan.name}"


def test_seeding_again_changes_nothing(db):
    area_demo.seed()
    demo.seed()
    counts = (Measure.objects.count(), MeasureValue.objects.count(), SharedMeasure.objects.count())
    demo.seed()
    assert (Measure.objects.count(), MeasureValue.objects.count(), SharedMeasure.objects.count()) == counts


def test_the_same_figures_come_out_every_time(db):
    area_demo.seed()
    demo.seed()
    first = list(MeasureValue.objects.order_by("measure__name", "period_start").values_list("value", flat=True))
    MeasureValue.objects.all().delete()
    Measure.objects.all().delete()
    demo.seed()
    again = list(MeasureValue.objects.order_by("measure__name", "period_start").values_list("value", flat=True))
    assert again == first


def test_count_measures_say_what_they_count_and_hold_whole_numbers_only(db):
    area_demo.seed()
    demo.seed()
    counts = Measure.objects.filter(is_count=True)
    assert set(counts.values_list("unit", flat=True)) == {"concerns", "meetings", "families"}
    values = MeasureValue.objects.filter(measure__is_count=True).values_list("value", flat=True)
    assert values and all(value == int(value) for value in values)
    # Measurements (days, hours) keep their fractions; proportions stay percentages.
    hours = MeasureValue.objects.filter(measure__unit="hours").values_list("value", flat=True)
    assert any(value != int(value) for value in hours)
    assert not Measure.objects.filter(is_count=True, is_proportion=True).exists()


def test_inverclyde_has_last_months_programme_wide_value_still_to_enter(db):
    from core.todos import TodoScope
    from measures.todos import items

    area_demo.seed()
    demo.seed()
    inverclyde = LocalArea.objects.get(slug="inverclyde")
    member = User.objects.get(username="inverclyde-member")
    [todo] = items(TodoScope(user=member, areas=[inverclyde]))
    assert todo.title.startswith("Enter ") and demo.SHARED["name"] in todo.title
