"""Measures and their charts: definitions, the fixed baseline, signals in words, annotations and the
chart cache, the list, the overview panel and the national comparison."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from measures import charting, services
from measures.annotations import ChartAnnotation, register_annotation_provider, unregister_annotation_provider
from measures.models import BaselineChange, Measure
from measures.validation import ValueEntry
from stages import services as stage_services
from tests.measures.factories import MeasureFactory, SharedMeasureFactory, add_values

STEADY = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8]
APRIL_2023 = date(2023, 4, 1)


def _definition(**overrides):
    return {
        "name": "Concerns discussed at the huddle",
        "measure_type": "process",
        "definition": "Wellbeing concerns discussed at the weekly huddle.",
        "is_proportion": False,
        "numerator_definition": "",
        "denominator_definition": "",
        "unit": "concerns",
        "frequency": "monthly",
        "direction": "increase",
        "baseline_points": None,
        "target": None,
    } | overrides


def _detail(client, measure):
    return client.get(reverse("measures:detail", args=[measure.area.slug, measure.pk]))


def _save(measure, actor, values, first=APRIL_2023):
    """Save `values` for consecutive months through the service (which bumps the data version)."""
    entries = []
    period = first
    for value in values:
        entries.append(ValueEntry(period=period, value=None if value is None else Decimal(str(value))))
        period = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    services.measure_values_save(measure=measure, actor=actor, entries=entries)
    measure.refresh_from_db()


# --- Definitions ------------------------------------------------------------------------------


def test_member_adds_a_measure_and_is_taken_to_enter_its_data(client_for, member, dundee):
    data = {k: v for k, v in _definition().items() if v is not None and v is not False}
    response = client_for(member).post(reverse("measures:create", args=[dundee.slug]), data)
    measure = Measure.objects.get()
    assert response["Location"] == reverse("measures:data", args=[dundee.slug, measure.pk])
    assert (measure.area, measure.created_by, measure.history.get().history_user) == (dundee, member, member)


def test_a_proportion_needs_its_numerator_and_denominator_said(member, dundee):
    with pytest.raises(ValidationError) as excinfo:
        services.measure_create(area=dundee, actor=member, data=_definition(is_proportion=True))
    assert set(excinfo.value.message_dict) == {"numerator_definition", "denominator_definition"}


def test_names_are_unique_within_an_area(member, dundee):
    services.measure_create(area=dundee, actor=member, data=_definition())
    with pytest.raises(ValidationError):
        services.measure_create(area=dundee, actor=member, data=_definition(name="concerns discussed at the HUDDLE"))


def test_the_frequency_cannot_change_once_values_are_recorded(member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition())
    _save(measure, member, [3])
    with pytest.raises(ValidationError) as excinfo:
        services.measure_update(
            measure=measure, actor=member, data={"frequency": "weekly"}, expected_version=measure.version
        )
    assert "cannot change once values are recorded" in excinfo.value.message_dict["frequency"][0]


def test_a_viewer_cannot_add_a_measure(viewer, dundee):
    with pytest.raises(PermissionDenied):
        services.measure_create(area=dundee, actor=viewer, data=_definition())


# --- The fixed baseline -----------------------------------------------------------------------


def test_a_fixed_baseline_is_not_recalculated_as_data_arrive(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition(baseline_points=12))
    _save(measure, member, STEADY)
    before = _detail(client_for(member), measure).context["charts"].analysis
    _save(measure, member, [30, 31, 32, 33], first=date(2024, 4, 1))
    after = _detail(client_for(member), measure).context["charts"].analysis
    assert after.points == before.points + 4
    assert (after.xmr["mean"], after.xmr["ucl"], after.run["median"]) == (
        before.xmr["mean"],
        before.xmr["ucl"],
        before.run["median"],
    )


def test_editing_a_measure_never_touches_its_baseline(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition(baseline_points=12))
    services.measure_update(
        measure=measure,
        actor=member,
        data={"name": "Renamed", "baseline_points": 3},
        expected_version=measure.version,
    )
    measure.refresh_from_db()
    assert (measure.name, measure.baseline_points) == ("Renamed", 12)
    form = client_for(member).get(reverse("measures:update", args=[dundee.slug, measure.pk])).context["form"]
    assert "baseline_points" not in form.fields


def test_changing_the_baseline_is_an_explicit_recorded_edit_with_a_reason(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition(baseline_points=12))
    _save(measure, member, STEADY + [20] * 8)
    client = client_for(member)
    url = reverse("measures:baseline", args=[dundee.slug, measure.pk])
    refused = client.post(url, {"baseline_points": "20", "reason": ""})
    assert refused.status_code == 200 and Measure.objects.get().baseline_points == 12
    response = client.post(url, {"baseline_points": "20", "reason": "New process settled"})
    assert response.status_code == 302
    change = BaselineChange.objects.latest("pk")
    assert (change.previous_points, change.new_points, change.reason, change.changed_by) == (
        12,
        20,
        "New process settled",
        member,
    )
    assert measure.history.first().history_change_reason == "Baseline changed: New process settled"
    page = _detail(client, measure)
    assert page.context["charts"].analysis.baseline_points == 20
    assert "New process settled" in page.content.decode()


# --- Charts and signals -----------------------------------------------------------------------


@pytest.mark.parametrize(("direction", "word"), [("increase", "Improvement"), ("decrease", "A concern")])
def test_signals_are_explained_in_words_beside_the_chart_by_direction(client_for, member, dundee, direction, word):
    measure = services.measure_create(
        area=dundee, actor=member, data=_definition(direction=direction, baseline_points=12)
    )
    _save(measure, member, STEADY + [20] * 8)
    page = _detail(client_for(member), measure).content.decode()
    assert "8 points above the upper limit" in page
    assert f"{word}: {'higher' if direction == 'increase' else 'lower'} is better for this measure." in page
    assert "Signals: beyond a limit" in page  # the chart's caption names them too


def test_common_cause_variation_is_said_to_be_random(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition(baseline_points=12))
    _save(measure, member, STEADY)
    page = _detail(client_for(member), measure).content.decode()
    assert "No signal: the variation looks random" in page


def test_fewer_than_twelve_points_warns_on_the_chart_page(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition())
    _save(measure, member, STEADY[:6])
    page = _detail(client_for(member), measure).content.decode()
    assert "Only 6 points set the limits; at least 12 are needed" in page


def test_a_measure_without_data_says_what_to_do(client_for, member, dundee):
    measure = MeasureFactory(area=dundee)
    page = _detail(client_for(member), measure).content.decode()
    assert "No data has been recorded for this measure yet" in page
    assert reverse("measures:data", args=[dundee.slug, measure.pk]) in page


def test_stage_changes_are_drawn_as_annotations_and_listed_in_the_table(client_for, lead, dundee):
    measure = services.measure_create(area=dundee, actor=lead, data=_definition(baseline_points=12))
    _save(measure, lead, STEADY + [20] * 8)
    stage_services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=date(2023, 9, 12))
    stage_services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=date(2024, 4, 3))
    response = _detail(client_for(lead), measure)
    charts = response.context["charts"]
    stages_url = reverse("stages:overview", args=[dundee.slug])
    assert f'<a href="{stages_url}">Stage change: installation</a>, 3 Apr 2024' in response.content.decode()
    note = "2. Stage change: installation (3 Apr 2024)"
    assert charts.xmr_chart.notes == ["1. Stage change: exploration (12 Sep 2023)", note]
    april_2024 = next(row for row in charts.run_chart.rows if row[0] == "Apr 2024")
    assert note in april_2024[-1]


def test_other_apps_can_add_annotations_through_the_provider_hook(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition())
    _save(measure, member, STEADY)

    def pdsa_cycles(for_measure):
        assert for_measure.pk == measure.pk
        return [ChartAnnotation(on=date(2023, 6, 5), label="PDSA cycle: huddle checklist", kind="pdsa")]

    register_annotation_provider(key="test-pdsa", provider=pdsa_cycles, order=20)
    try:
        charts = _detail(client_for(member), measure).context["charts"]
    finally:
        unregister_annotation_provider("test-pdsa")
    assert charts.run_chart.notes == ["1. PDSA cycle: huddle checklist (5 Jun 2023)"]


def test_the_chart_is_drawn_once_per_change_of_data(client_for, member, lead, dundee, monkeypatch):
    drawn = []
    real = charting.draw_measure_charts

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charting, "draw_measure_charts", counting)
    measure = services.measure_create(area=dundee, actor=member, data=_definition())
    _save(measure, member, STEADY)
    client = client_for(member)
    first = _detail(client, measure).context["charts"]
    _detail(client, measure)
    assert len(drawn) == 1  # the second request used the cached drawing
    _save(measure, member, [14], first=date(2024, 4, 1))
    latest = _detail(client, measure).context["charts"]
    assert len(drawn) == 2 and latest.points == first.points + 1
    stage_services.stage_change_record(area=dundee, actor=lead, stage="exploration", entered_on=date(2023, 9, 1))
    _detail(client, measure)
    assert len(drawn) == 3  # a new annotation redraws too
    services.measure_update(
        measure=measure, actor=member, data={"target": Decimal(15)}, expected_version=measure.version
    )
    _detail(client, measure)
    assert len(drawn) == 4  # and so does a change to the measure itself


def test_the_chart_table_has_the_numbers_signals_and_notes(client_for, member, dundee):
    measure = services.measure_create(area=dundee, actor=member, data=_definition(baseline_points=12))
    _save(measure, member, STEADY + [None, 20, 20, 20, 20, 20, 20, 20])
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=date(2024, 5, 1), value=Decimal(20), note="Audit")]
    )
    chart = _detail(client_for(member), measure).context["charts"].xmr_chart
    assert chart.headers == ["Period", "Concerns", "Mean", "Lower limit", "Upper limit", "Signals", "Notes"]
    assert chart.rows[12][:2] == ["Apr 2024", "—"]  # the missing month is a gap
    assert chart.rows[13][1] == "20 concerns" and chart.rows[13][-1] == "Audit"
    assert "Beyond a limit (improvement)" in chart.rows[13][5]


# --- Programme-wide measures ------------------------------------------------------------------


def test_an_area_adopts_a_programme_wide_measure_and_keeps_its_own_baseline(member, dundee):
    shared = SharedMeasureFactory()
    measure = services.measure_adopt(area=dundee, actor=member, shared=shared, baseline_points=12)
    assert (measure.name, measure.frequency, measure.shared, measure.baseline_points) == (
        shared.name,
        shared.frequency,
        shared,
        12,
    )
    with pytest.raises(ValidationError):
        services.measure_adopt(area=dundee, actor=member, shared=shared)


def test_only_celcis_edits_a_programme_wide_definition_and_every_adoption_follows(celcis, member, dundee, inverclyde):
    shared = SharedMeasureFactory()
    ours = services.measure_adopt(area=dundee, actor=member, shared=shared)
    theirs = MeasureFactory(area=inverclyde, shared=shared, name=shared.name)
    with pytest.raises(PermissionDenied):
        services.shared_measure_save(actor=member, data={"name": "Mine now"}, shared=shared, expected_version=1)
    services.shared_measure_save(
        actor=celcis, data={"definition": "Counted from the new system."}, shared=shared, expected_version=1
    )
    for measure in (ours, theirs):
        measure.refresh_from_db()
        assert measure.definition == "Counted from the new system."
    assert ours.history.first().history_change_reason == "Programme-wide definition updated by CELCIS"


def test_an_adopted_measure_lets_the_area_change_only_its_target(client_for, member, dundee):
    shared = SharedMeasureFactory()
    measure = services.measure_adopt(area=dundee, actor=member, shared=shared)
    form = client_for(member).get(reverse("measures:update", args=[dundee.slug, measure.pk])).context["form"]
    assert list(form.fields) == ["target", "version"]
    services.measure_update(
        measure=measure, actor=member, data={"name": "Ours", "target": Decimal(60)}, expected_version=measure.version
    )
    measure.refresh_from_db()
    assert (measure.name, measure.target) == (shared.name, Decimal(60))


def test_the_national_page_compares_a_shared_measure_across_programme_areas(client_for, viewer, member, dundee):
    shared = SharedMeasureFactory(name="Early help within two weeks")
    other = SharedMeasureFactory(name="Another")
    ours = services.measure_adopt(area=dundee, actor=member, shared=shared, baseline_points=12)
    add_values(ours, APRIL_2023, STEADY + [20] * 8)
    inverclyde_measure = MeasureFactory(area__slug="inverclyde", shared=shared, name=shared.name)
    add_values(inverclyde_measure, APRIL_2023, STEADY)
    response = client_for(viewer).get(reverse("measures:national"), {"measure": shared.pk})
    page = response.content.decode()
    # The comparison is drawn once (kept until a programme area's records change): read it as shown.
    rows = re.findall(
        r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', page.split("in each programme area</caption>")[1], re.S
    )
    shown = {re.sub(r"<[^>]+>", "", area).strip(): cells for area, cells in rows}
    assert list(shown)[:3] == ["Dundee City", "Inverclyde", "Perth &amp; Kinross"]
    assert ">Improvement</span>" in shown["Dundee City"]
    assert ">No signal</span>" in shown["Inverclyde"]
    assert "Not adopted" in shown["Perth &amp; Kinross"]
    headers = re.search(r"<thead><tr>(.*?)</tr></thead>", page.split("The numbers in this chart")[1], re.S).group(1)
    assert re.findall(r">([^<]+)</th>", headers) == ["Period", "Dundee City", "Inverclyde"]
    assert "Not adopted" in page and "Add a programme-wide measure" not in page  # viewers only read
    assert other.name in page


def test_the_national_comparison_is_kept_until_an_areas_records_change(client_for, viewer, member, dundee):
    shared = SharedMeasureFactory(name="Early help within two weeks")
    ours = services.measure_adopt(area=dundee, actor=member, shared=shared, baseline_points=12)
    add_values(ours, APRIL_2023, STEADY)
    client = client_for(viewer)
    url = reverse("measures:national")
    assert ">No signal</span>" in client.get(url, {"measure": shared.pk}).content.decode()
    # Eight months above the steady year, entered as people enter them: a shift upwards.
    entries = [ValueEntry(period=date(2024, month, 1), value=Decimal(20)) for month in range(4, 12)]
    services.measure_values_save(measure=ours, actor=member, entries=entries)
    page = client.get(url, {"measure": shared.pk}).content.decode()
    assert ">Improvement</span>" in page and ">No signal</span>" not in page
    shared.name = "Early help within ten days"
    shared.save()
    assert "“Early help within ten days” in each programme area" in client.get(url).content.decode()


def test_the_national_page_starts_with_the_first_shared_measure(client_for, celcis):
    SharedMeasureFactory(name="B measure")
    first = SharedMeasureFactory(name="A measure")
    response = client_for(celcis).get(reverse("measures:national"))
    assert response.context["selected"] == first
    assert "Add a programme-wide measure" in response.content.decode()


# --- Lists and the overview panel --------------------------------------------------------------


def test_the_list_shows_latest_value_direction_and_signal(client_for, member, dundee, inverclyde):
    signal = MeasureFactory(area=dundee, name="Rising", baseline_points=12)
    add_values(signal, APRIL_2023, STEADY + [20] * 8)
    calm = MeasureFactory(area=dundee, name="Calm", direction="decrease", unit="days")
    add_values(calm, APRIL_2023, STEADY)
    MeasureFactory(area=inverclyde, name="Not ours")
    response = client_for(member).get(reverse("measures:list", args=[dundee.slug]))
    summaries = {s.measure.name: s for s in response.context["summaries"]}
    assert set(summaries) == {"Rising", "Calm"}
    assert (summaries["Rising"].latest_text, summaries["Rising"].latest_label) == ("20 concerns", "Nov 2024")
    assert summaries["Rising"].signal_label == "Improvement"
    assert summaries["Calm"].signal_label == "No signal"
    page = response.content.decode()
    assert "Lower is better" in page and "Not ours" not in page
    with_signal = client_for(member).get(reverse("measures:list", args=[dundee.slug]), {"signals": "yes"})
    assert [s.measure.name for s in with_signal.context["summaries"]] == ["Rising"]


def test_an_empty_list_says_what_belongs_there(client_for, member, dundee):
    page = client_for(member).get(reverse("measures:list", args=[dundee.slug])).content.decode()
    assert "No measures yet" in page and reverse("measures:create", args=[dundee.slug]) in page


def test_the_overview_panel_lists_measures_with_signals(client_for, viewer, dundee):
    signal = MeasureFactory(area=dundee, name="Rising", baseline_points=12)
    add_values(signal, APRIL_2023, STEADY + [20] * 8)
    add_values(MeasureFactory(area=dundee, name="Calm"), APRIL_2023, STEADY)
    from areas.access import Access
    from measures.selectors import overview_panel

    response = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug]))
    panel = overview_panel(dundee, Access.for_user(viewer))
    assert [s.measure.name for s in panel["with_signals"]] == ["Rising"]
    page = response.content.decode()
    assert "Measures with signals" in page and "1 of 2 measures shows a signal" in page


def test_the_overview_panel_says_when_no_measure_shows_a_signal(client_for, member, dundee):
    add_values(MeasureFactory(area=dundee), APRIL_2023, STEADY)
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "No signal in 1 measure: the variation looks random" in page


def test_export_gives_the_values_in_the_upload_layout(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, name="=Sneaky")
    _save(measure, member, [4, 5.5])
    response = client_for(member).get(reverse("measures:export", args=[dundee.slug, measure.pk]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines == [
        "measure,period,value,numerator,denominator,note",
        "'=Sneaky,2023-04-01,4,,,",
        "'=Sneaky,2023-05-01,5.5,,,",
    ]


def test_a_tampered_url_cannot_reach_another_areas_measure(client_for, other_member, dundee, inverclyde):
    ours = MeasureFactory(area=dundee)
    url = reverse("measures:detail", args=[inverclyde.slug, ours.pk])
    assert client_for(other_member).get(url).status_code == 404


def test_the_history_page_shows_who_changed_values(client_for, member, dundee):
    measure = MeasureFactory(area=dundee)
    _save(measure, member, [4])
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=APRIL_2023, value=Decimal(6), note="Late returns")]
    )
    client = client_for(member)
    url = reverse("measures:history", args=[dundee.slug, measure.pk])
    page = client.get(url).content.decode()
    assert "Value for Apr 2023" in page and "Late returns" in page and str(member) in page
    # Kept until the area's records change: a new change shows at once, and the pages follow.
    for month in range(5, 12):
        entries = [ValueEntry(period=date(2023, month, 1), value=Decimal(month))]
        for _ in range(4):  # 28 changes more: a second page
            services.measure_values_save(measure=measure, actor=member, entries=entries)
            entries = [ValueEntry(period=entries[0].period, value=entries[0].value + 1)]
    page = client.get(url).content.decode()
    assert "Value for Nov 2023" in page and "Page 1 of 2" in page
    assert "Late returns" in client.get(url, {"page": 2}).content.decode()


def test_future_periods_never_appear_in_the_grid(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, frequency="weekly")
    grid = client_for(member).get(reverse("measures:data", args=[dundee.slug, measure.pk])).context["form"]
    assert all(row.period <= timezone.localdate() for row in grid.rows)
    assert all(row.period > timezone.localdate() for row in grid.future)
    if grid.rows:  # early in April this financial year may have no whole week yet
        assert grid.rows[-1].period > timezone.localdate() - timedelta(days=7)
