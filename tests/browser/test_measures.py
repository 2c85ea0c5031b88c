"""Measures pages in a real browser, each checked with axe-core, and the CSV upload journey."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from measures import services
from measures.models import DataUpload, Measure, MeasureValue
from measures.periods import financial_year, next_period, period_containing
from measures.validation import ValueEntry
from stages import services as stage_services
from tests.measures.factories import SharedMeasureFactory

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STEADY = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 12, 8]


@pytest.fixture(autouse=True)
def empty_chart_cache():
    """Charts are cached by measure id and data version; flushed test databases reuse ids."""
    cache.clear()
    yield
    cache.clear()


def _months_back(count):
    month = period_containing("monthly", timezone.localdate())
    for _ in range(count):
        month = period_containing("monthly", month - timedelta(days=1))
    return month


def _measures(area, lead):
    """A count measure with a shift, a proportion and an adopted programme-wide measure, with data."""
    first = _months_back(20)
    huddle = services.measure_create(
        area=area,
        actor=lead,
        data={
            "name": "Concerns discussed at the huddle",
            "measure_type": "process",
            "definition": "Wellbeing concerns discussed at the weekly huddle.",
            "unit": "concerns",
            "is_count": True,
            "frequency": "monthly",
            "direction": "increase",
            "baseline_points": 12,
            "target": Decimal(18),
        },
    )
    entries, period = [], first
    for value in STEADY + [20] * 8:
        entries.append(ValueEntry(period=period, value=Decimal(value), note="Huddle moved" if value == 20 else ""))
        period = next_period("monthly", period)
    services.measure_values_save(measure=huddle, actor=lead, entries=entries)
    seen = services.measure_create(
        area=area,
        actor=lead,
        data={
            "name": "Seen within two weeks",
            "measure_type": "outcome",
            "definition": "Families seen within two weeks of a concern.",
            "is_proportion": True,
            "numerator_definition": "Families seen within 14 days",
            "denominator_definition": "Families with a concern logged",
            "frequency": "monthly",
            "direction": "increase",
        },
    )
    services.measure_values_save(
        measure=seen,
        actor=lead,
        entries=[ValueEntry(period=_months_back(n), numerator=5 + n % 3, denominator=10) for n in range(1, 9)],
    )
    shared = SharedMeasureFactory(name="Early help within two weeks")
    adopted = services.measure_adopt(area=area, actor=lead, shared=shared, baseline_points=12)
    services.measure_values_save(
        measure=adopted,
        actor=lead,
        entries=[ValueEntry(period=_months_back(n), value=Decimal(40 + n)) for n in range(1, 5)],
    )
    stage_services.stage_change_record(
        area=area, actor=lead, stage="installation", entered_on=first + timedelta(days=370)
    )
    services.measure_baseline_change(measure=huddle, actor=lead, baseline_points=10, reason="Ten months settled")
    return huddle, seen, shared


def test_every_area_measures_page_is_accessible(site, signed_in, lead, dundee):
    huddle, seen, _ = _measures(dundee, lead)
    signed_in(lead)
    base = f"/areas/{dundee.slug}"
    for path in [
        f"{base}/",
        f"{base}/measures/",
        f"{base}/measures/new/",
        f"{base}/measures/upload/",
        f"{base}/measures/{huddle.pk}/",
        f"{base}/measures/{seen.pk}/",
        f"{base}/measures/{huddle.pk}/edit/",
        f"{base}/measures/{huddle.pk}/baseline/",
        f"{base}/measures/{huddle.pk}/data/",
        f"{base}/measures/{seen.pk}/data/",
        f"{base}/measures/{huddle.pk}/history/",
    ]:
        assert site.visit(path).status == 200, path
    page = site.page
    site.visit(f"{base}/measures/{huddle.pk}/")
    expect(page.get_by_role("heading", name="What the XmR chart shows")).to_be_visible()
    expect(page.locator("main")).to_contain_text("points above the upper limit")
    expect(page.get_by_role("link", name="Stage change: installation").first).to_be_visible()

    # On a phone a chart keeps a legible width and scrolls in its own named, focusable frame (issue 15).
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(250)
    frame = page.locator(".chart-frame").first
    assert frame.get_attribute("role") == "region" and frame.get_attribute("tabindex") == "0"
    assert "(chart, scrolls sideways)" in frame.get_attribute("aria-label")
    assert frame.locator("img").bounding_box()["width"] >= 600
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_adopting_and_the_empty_states_are_accessible(site, signed_in, member, dundee):
    SharedMeasureFactory(name="Early help within two weeks")
    signed_in(member)
    assert site.visit(f"/areas/{dundee.slug}/measures/").status == 200
    expect(site.page.locator("main")).to_contain_text("No measures yet")
    site.page.get_by_role("link", name="Adopt a programme-wide measure").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    site.page.get_by_label("Early help within two weeks").check()
    site.page.get_by_role("button", name="Adopt the measure").click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Early help within two weeks")
    expect(site.page.locator("main")).to_contain_text("No data has been recorded for this measure yet")


def test_national_measures_pages_are_accessible(site, signed_in, celcis, lead, dundee):
    _, _, shared = _measures(dundee, lead)
    signed_in(celcis)
    for path in ["/national/measures/", "/national/measures/new/", f"/national/measures/{shared.pk}/edit/"]:
        assert site.visit(path).status == 200, path
    site.visit("/national/measures/")
    expect(site.page.get_by_role("table", name=re.compile("in each programme area"))).to_contain_text("Not adopted")


def test_member_enters_a_months_figure_in_the_grid(site, signed_in, member, lead, dundee):
    huddle, _, _ = _measures(dundee, lead)
    MeasureValue.objects.filter(measure=huddle, period_start=_months_back(1)).delete()
    Measure.objects.filter(pk=huddle.pk).update(data_version=huddle.data_version + 1)
    signed_in(member)
    page = site.page
    last_month = _months_back(1)
    site.visit(f"/areas/{dundee.slug}/measures/{huddle.pk}/data/?year={financial_year(last_month)}")
    label = f"{last_month:%b %Y}"
    # A count takes whole numbers: "15.8 concerns" is refused beside the field, nothing saved.
    page.get_by_role("textbox", name=f"{label} Number of concerns").fill("15.8")
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("Enter a whole number, like 12")
    expect(page.locator(f"#p{last_month:%Y%m%d}-errors")).to_contain_text(
        "Enter a whole number, like 12: this measure counts concerns."
    )
    assert not MeasureValue.objects.filter(measure=huddle, period_start=last_month).exists()
    page.get_by_role("textbox", name=f"{label} Number of concerns").fill("21")
    page.get_by_role("textbox", name=f"{label} Note (optional)").fill("Two new schools joined")
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status").first).to_contain_text("1 added")
    assert MeasureValue.objects.get(measure=huddle, period_start=last_month).note == "Two new schools joined"


def test_member_uploads_a_csv_with_an_error_then_a_corrected_one_and_saves_it(site, signed_in, member, lead, dundee):
    huddle, seen, _ = _measures(dundee, lead)
    this_month = period_containing("monthly", timezone.localdate())
    old = [date(2019, 4, 1), date(2019, 5, 1)]
    signed_in(member)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/measures/")
    page.get_by_role("link", name="Upload data from a CSV file").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    wrong = (
        "measure,period,value,numerator,denominator,note\n"
        f"Concerns discussed at the huddle,{old[0]},9,,,\n"
        f"Seen within two weeks,{old[1]},,12,10,\n"
        f"Concerns discussed at the huddle,{this_month + timedelta(days=3)},9,,,\n"
    )
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "values.csv", "mimeType": "text/csv", "buffer": wrong.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("2 of 3 rows have errors")
    table = page.get_by_role("table", name="The rows with errors")
    expect(table).to_contain_text("The numerator (12) is above the denominator (10)")
    expect(table).to_contain_text("not the 1st of a month")
    assert not MeasureValue.objects.filter(period_start__in=old).exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    right = wrong.replace(",,12,10,", ",,8,10,").replace(str(this_month + timedelta(days=3)), str(this_month))
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "values-corrected.csv", "mimeType": "text/csv", "buffer": right.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status")).to_contain_text("All 3 rows can be saved")
    expect(page.get_by_role("table", name="The rows of the file")).to_contain_text("80%")
    page.get_by_role("button", name="Save 3 rows").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/measures/$"))
    expect(page.get_by_role("status").first).to_contain_text("3 rows from values-corrected.csv saved")
    assert MeasureValue.objects.get(measure=seen, period_start=old[1]).numerator == 8
    assert MeasureValue.objects.filter(measure=huddle, period_start__in=[old[0], this_month]).count() == 2
    assert list(DataUpload.objects.order_by("pk").values_list("status", flat=True)) == ["checked", "saved"]
