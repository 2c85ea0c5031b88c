"""The demo measures: several per programme area, patterns that really give (or do not give) signals."""

from areas import demo as area_demo
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
            assert summary.analysis.points == demo.MONTHS
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
