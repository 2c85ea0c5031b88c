"""The printable one-page area summary for a Child Protection Committee meeting (HTML and PDF)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.query_budget import assert_flat_query_count
from tests.stages.factories import StageChangeFactory
from tests.teams.factories import ActionFactory, TeamFactory


def test_the_summary_shows_each_frameworks_panel_for_the_area(client_for, area_viewer, lead, dundee):
    StageChangeFactory(area=dundee, stage="installation", recorded_by=lead)
    page = client_for(area_viewer).get(reverse("areas:summary", args=[dundee.slug])).content.decode()
    assert "Dundee City: where the programme stands" in page
    for heading in ("Implementation stage", "Implementation teams", "Innovations", "Implementation drivers"):
        assert heading in page, heading
    assert "Installation" in page
    assert str(lead) in page  # the area's lead, named for the committee
    assert "To do in" not in page  # a person's to-do list is not part of the area's summary
    assert reverse("areas:summary_pdf", args=[dundee.slug]) in page


def test_the_summary_pdf_is_a_pdf_named_for_the_area(client_for, area_viewer, dundee):
    response = client_for(area_viewer).get(reverse("areas:summary_pdf", args=[dundee.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="dundee-summary-{timezone.localdate():%Y-%m-%d}.pdf"' in response["Content-Disposition"]


def test_another_areas_people_cannot_read_the_summary(client_for, other_member, community, dundee):
    for person in (other_member, community):
        assert client_for(person).get(reverse("areas:summary", args=[dundee.slug])).status_code == 404


def test_the_summary_query_count_stays_flat_as_records_grow(client_for, area_viewer, lead, dundee):
    def add():
        TeamFactory(area=dundee)
        ActionFactory(area=dundee, created_by=lead, due_date=timezone.localdate() - timedelta(days=2))

    assert_flat_query_count(client_for(area_viewer), reverse("areas:summary", args=[dundee.slug]), add, max_queries=40)


def test_the_summary_pdf_is_made_once_per_version_of_its_page(client_for, area_viewer, lead, dundee, monkeypatch):
    # Issue 17: WeasyPrint rendered the PDF on every request (0.6 s each at 32 × 5).
    import weasyprint

    from tests.teams.factories import TeamFactory

    made = []
    real = weasyprint.HTML.write_pdf
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: made.append(1) or real(self, *a, **k))
    client = client_for(area_viewer)
    url = reverse("areas:summary_pdf", args=[dundee.slug])
    first, again = client.get(url).content, client.get(url).content
    assert first == again and len(made) == 1
    TeamFactory(area=dundee, name="A new team")  # the page changes, so the PDF is made again
    assert client.get(url).content.startswith(b"%PDF") and len(made) == 2
