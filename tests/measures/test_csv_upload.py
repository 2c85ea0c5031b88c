"""CSV upload: the file is checked as a whole, then row by row in a preview; nothing is saved unless
every row is valid."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures import csv_import, services
from measures.models import DataUpload, MeasureValue, UploadStatus
from measures.validation import ValueEntry
from tests.measures.factories import MeasureFactory, ProportionMeasureFactory


def _file(text, name="values.csv", content_type="text/csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding) if isinstance(text, str) else text, content_type=content_type)


def _upload(client, area, text, **extra):
    return client.post(
        reverse("measures:upload", args=[area.slug]), {"file": _file(text, **extra.pop("file", {})), **extra}
    )


@pytest.fixture
def measures(dundee):
    return {
        "huddle": MeasureFactory(area=dundee, name="Concerns discussed", frequency="monthly"),
        "seen": ProportionMeasureFactory(area=dundee, name="Seen within two weeks", frequency="quarterly"),
        "weekly": MeasureFactory(area=dundee, name="Weekly visits", frequency="weekly"),
    }


GOOD = """measure,period,value,numerator,denominator,note
Concerns discussed,2025-04-01,12,,,
Concerns discussed,01/05/2025,14,,,Two teams joined
Seen within two weeks,2025-04-01,,9,12,
weekly visits,2025-04-07,3.5,,,
"""

BAD = """measure,period,value,numerator,denominator,note
Concerns discussed,2025-04-01,12,,,
Concerns discussed,2025-04-15,14,,,
Seen within two weeks,2025-04-01,,13,12,
Weekly visits,2025-04-08,3,,,
Concerns discussed,2025-04-01,13,,,
No such measure,2025-04-01,1,,,
Concerns discussed,April,lots,,,
"""


def test_a_file_with_errors_is_previewed_row_by_row_and_nothing_is_saved(client_for, member, dundee, measures):
    client = client_for(member)
    response = _upload(client, dundee, BAD)
    upload = DataUpload.objects.get()
    assert response["Location"] == reverse("measures:upload_detail", args=[dundee.slug, upload.pk])
    preview = client.get(response["Location"])
    check = preview.context["check"]
    errors = {row.line: row.errors for row in check.error_rows}
    assert list(errors) == [3, 4, 5, 6, 7, 8]
    assert "not the 1st of a month" in errors[3][0]
    assert "numerator (13) is above the denominator (12)" in errors[4][0]
    assert "weekly periods start on a Monday" in errors[5][0]
    assert errors[6] == ["Apr 2025 for “Concerns discussed” is also on line 2."]
    assert errors[7] == ["There is no measure called “No such measure” in this area."]
    assert errors[8] == [
        "“April” is not a date: write it as 2025-04-01 or 01/04/2025.",
        "The value “lots” is not a number.",
    ]
    page = preview.content.decode()
    assert "6 of 7 rows have errors" in page and "Nothing has been saved." in page
    assert "Save 7 rows" not in page
    # Saving anyway (a stale or forged form) saves nothing either.
    refused = client.post(response["Location"])
    assert refused.status_code == 200 and "nothing was saved" in refused.content.decode()
    assert not MeasureValue.objects.exists()
    assert DataUpload.objects.get().status == UploadStatus.CHECKED


def test_a_corrected_file_is_previewed_then_saved_in_full(client_for, member, dundee, measures):
    client = client_for(member)
    services.measure_values_save(
        measure=measures["huddle"], actor=member, entries=[ValueEntry(period=date(2025, 4, 1), value=Decimal(10))]
    )
    location = _upload(client, dundee, GOOD)["Location"]
    preview = client.get(location)
    check = preview.context["check"]
    assert check.is_valid
    assert [(row.line, row.outcome, row.shown_value) for row in check.rows] == [
        (2, "Replaces 10 concerns", "12 concerns"),
        (3, "New", "14 concerns"),
        (4, "New", "75%"),
        (5, "New", "3.5 concerns"),
    ]
    page = preview.content.decode()
    assert "Nothing has been saved yet" in page and "Save 4 rows" in page
    assert MeasureValue.objects.count() == 1
    saved = client.post(location)
    assert saved.status_code == 302
    stored = {(v.measure.name, v.period_start): v for v in MeasureValue.objects.select_related("measure")}
    assert stored[("Concerns discussed", date(2025, 4, 1))].value == Decimal(12)
    assert stored[("Concerns discussed", date(2025, 5, 1))].note == "Two teams joined"
    seen = stored[("Seen within two weeks", date(2025, 4, 1))]
    assert (seen.value, seen.numerator, seen.denominator) == (Decimal(75), 9, 12)
    assert stored[("Weekly visits", date(2025, 4, 7))].history.get().history_user == member
    upload = DataUpload.objects.get()
    assert (upload.status, upload.saved_rows) == (UploadStatus.SAVED, 4)
    # A second press of Save (or a replayed request) saves nothing more.
    client.post(location)
    assert MeasureValue.objects.count() == 4


def test_a_file_for_one_chosen_measure_needs_no_measure_column(client_for, member, dundee, measures):
    client = client_for(member)
    location = _upload(client, dundee, "period,value\n2025-04-01,3\n2025-05-01,4\n", measure=measures["huddle"].pk)[
        "Location"
    ]
    assert client.get(location).context["check"].is_valid
    assert client.post(location)["Location"] == reverse("measures:detail", args=[dundee.slug, measures["huddle"].pk])
    assert MeasureValue.objects.filter(measure=measures["huddle"]).count() == 2


def test_rows_naming_another_measure_than_the_one_chosen_are_errors(client_for, member, dundee, measures):
    client = client_for(member)
    location = _upload(client, dundee, GOOD, measure=measures["huddle"].pk)["Location"]
    errors = [row.errors for row in client.get(location).context["check"].error_rows]
    assert errors[0] == [
        "This row is for “Seen within two weeks”, but you chose to upload data for “Concerns discussed”."
    ]


def test_another_areas_measures_cannot_be_named(client_for, member, dundee, inverclyde, measures):
    MeasureFactory(area=inverclyde, name="Theirs")
    location = _upload(client_for(member), dundee, "measure,period,value\nTheirs,2025-04-01,3\n")["Location"]
    row = client_for(member).get(location).context["check"].rows[0]
    assert row.errors == ["There is no measure called “Theirs” in this area."]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        ({"file": {"content_type": "image/png", "name": "values.png"}}, "Upload a .csv file"),
        ({"file": {"content_type": "application/pdf"}}, "This file is application/pdf, not CSV text."),
        ({"file": {"encoding": "utf-16"}}, "not a text file"),
        ({"file": {"encoding": "latin-1"}, "text": "period,value,note\n2025-04-01,3,Café\n"}, "not UTF-8 text"),
        ({"text": "measure,period,value\n"}, "no rows of data"),
        ({"text": "period,amount\n2025-04-01,3\n"}, "Unknown column “amount”"),
        ({"text": "period,value\n2025-04-01,3\n"}, "no measure column"),
        ({"text": "measure,value\nConcerns discussed,3\n"}, "no period column"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(client_for, member, dundee, measures, upload, message):
    text = upload.pop("text", GOOD)
    response = _upload(client_for(member), dundee, text, **upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DataUpload.objects.exists()


def test_a_file_over_two_megabytes_is_refused(client_for, member, dundee, measures):
    big = "measure,period,value,note\n" + ("Concerns discussed,2025-04-01,1," + "x" * 90 + "\n") * 23_000
    assert len(big) > csv_import.MAX_UPLOAD_BYTES
    response = _upload(client_for(member), dundee, big)
    assert "files can be at most 2 MB" in response.content.decode()
    assert not DataUpload.objects.exists()


def test_a_spreadsheets_byte_order_mark_and_excel_content_type_are_fine(client_for, member, dundee, measures):
    text = "\ufeffPeriod,Value\n2025-04-01,3\n"
    response = _upload(
        client_for(member),
        dundee,
        text,
        measure=measures["huddle"].pk,
        file={"content_type": "application/vnd.ms-excel"},
    )
    assert response.status_code == 302


def test_downloaded_data_uploads_again_unchanged(client_for, member, dundee, measures):
    services.measure_values_save(
        measure=measures["seen"],
        actor=member,
        entries=[ValueEntry(period=date(2025, 4, 1), numerator=3, denominator=4, note="=1+1")],
    )
    client = client_for(member)
    exported = client.get(reverse("measures:export", args=[dundee.slug, measures["seen"].pk])).content.decode()
    location = _upload(client, dundee, exported)["Location"]
    rows = client.get(location).context["check"].rows
    assert [(row.outcome, row.errors) for row in rows] == [("Replaces 75%", [])]  # the note was made safe
    assert rows[0].entry.note == "'=1+1"


def test_a_viewer_cannot_upload(client_for, viewer, dundee, measures):
    assert _upload(client_for(viewer), dundee, GOOD).status_code == 403
