"""An innovation's history is paginated before it is described, and its summary page, kept until the
area's records change, shows a change at once."""

from django.urls import reverse

from innovations.models import EssentialFunction
from tests.innovations.factories import make_innovation


def test_the_history_pages_through_every_change(client_for, lead, dundee):
    innovation = make_innovation(dundee, lead, functions=30)
    client = client_for(lead)
    url = reverse("innovations:history", args=[dundee.slug, innovation.pk])
    first = client.get(url)
    total = first.context["page_obj"].paginator.count
    assert total > 30 and len(first.context["entries"]) == 25
    assert "page=2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["entries"]) == total - 25
    records = [e.record for e in first.context["entries"] + second.context["entries"]]
    assert records.count("Innovation details") >= 1
    assert sum(1 for r in records if r.startswith("Essential function: ")) == 30


def test_the_summary_shows_a_change_at_once(client_for, lead, dundee):
    innovation = make_innovation(dundee, lead, functions=1)
    client = client_for(lead)
    url = reverse("innovations:detail", args=[dundee.slug, innovation.pk])
    assert client.get(url).context["functions"] == list(EssentialFunction.objects.filter(innovation=innovation))
    EssentialFunction.objects.create(innovation=innovation, area=dundee, name="A second function", order=9)
    page = client.get(url).content.decode()
    assert "2 essential functions" in page and "A second function" in page


def test_the_fidelity_page_shows_a_new_check_at_once(client_for, lead, dundee):
    from datetime import timedelta

    from django.utils import timezone

    from innovations import services
    from tests.innovations.factories import make_instrument, record_check

    innovation = make_innovation(dundee, lead)
    make_instrument(innovation, lead)
    practitioner = services.practitioner_save(innovation=innovation, actor=lead, code="DD-P01")
    record_check(innovation, lead, practitioner, timezone.localdate() - timedelta(days=800))
    client = client_for(lead)
    url = reverse("innovations:fidelity", args=[dundee.slug, innovation.pk])
    assert client.get(url).context["overdue_count"] == 1
    assert client.get(url).context["overdue_count"] == 1  # from the cache
    record_check(innovation, lead, practitioner, timezone.localdate())
    assert client.get(url).context["overdue_count"] == 0


def test_the_fidelity_page_shows_every_change_at_once_and_each_reader_their_own(client_for, lead, area_viewer, dundee):
    from django.utils import timezone

    from innovations import services
    from tests.innovations.factories import make_instrument, record_check, record_figures

    innovation = make_innovation(dundee, lead)
    make_instrument(innovation, lead)
    url = reverse("innovations:fidelity", args=[dundee.slug, innovation.pk])
    client = client_for(lead)
    page = client.get(url).content.decode()
    assert "No fidelity checks yet" in page and "Correct<span" not in page
    assert client.get(url).content.decode().count("Function 1") == page.count("Function 1")  # from the cache

    record_figures(innovation, lead, timezone.localdate(), 7, 3)
    practitioner = services.practitioner_save(innovation=innovation, actor=lead, code="DD-P07")
    record_check(innovation, lead, practitioner, timezone.localdate())
    innovation.refresh_from_db()
    innovation.name = "Renamed conversations"
    innovation.save()
    page = client.get(url).content.decode()
    assert "DD-P07" in page and "Correct<span" in page and "Renamed conversations: fidelity" in page
    assert "Record a fidelity check" in page and "Add an item for each essential function" in page

    # An area viewer is never served what was drawn for someone who may edit.
    seen = client_for(area_viewer).get(url).content.decode()
    assert "DD-P07" in seen and "Correct<span" not in seen and "Record a fidelity check" not in seen
    assert "Add an item for each essential function" not in seen


def test_checks_due_and_practitioners_show_a_change_at_once(client_for, lead, area_viewer, dundee):
    from datetime import timedelta

    from django.utils import timezone

    from innovations import services
    from tests.innovations.factories import make_instrument, record_check

    innovation = make_innovation(dundee, lead)
    make_instrument(innovation, lead)
    due = reverse("innovations:checks_due", args=[dundee.slug, innovation.pk])
    practitioners = reverse("innovations:practitioner_list", args=[dundee.slug, innovation.pk])
    client = client_for(lead)
    assert "No practitioner is using" in client.get(due).content.decode()
    assert "No practitioners yet" in client.get(practitioners).content.decode()

    practitioner = services.practitioner_save(innovation=innovation, actor=lead, code="DD-P01")
    record_check(innovation, lead, practitioner, timezone.localdate() - timedelta(days=800))
    page = client.get(due)
    assert page.context["overdue_count"] == 1 and "DD-P01" in page.content.decode()
    listed = client.get(practitioners)
    assert [p.code for p in listed.context["practitioners"]] == ["DD-P01"]
    assert listed.context["practitioners"][0].checks_count == 1

    record_check(innovation, lead, practitioner, timezone.localdate())
    assert client.get(due).context["overdue_count"] == 0
    assert client.get(practitioners).context["practitioners"][0].checks_count == 2

    # A new slice is offered at once; each filter and page is kept apart.
    zone = services.slice_save(
        innovation=innovation,
        actor=lead,
        data={
            "name": "East locality",
            "kind": "locality",
            "started_on": timezone.localdate() - timedelta(days=300),
            "practitioners_intended": 8,
            "practitioners_trained": 6,
            "conditions_evidence": "",
        },
    )
    services.practitioner_save(innovation=innovation, actor=lead, code="DD-P02", system_slice=zone)
    page = client.get(practitioners)
    assert f'<option value="{zone.pk}">East locality</option>' in page.content.decode()
    assert [p.code for p in page.context["practitioners"]] == ["DD-P01", "DD-P02"]
    assert [p.code for p in client.get(practitioners, {"slice": zone.pk}).context["practitioners"]] == ["DD-P02"]
    assert [p.code for p in client.get(practitioners, {"code": "p01"}).context["practitioners"]] == ["DD-P01"]
    assert client.get(practitioners, {"page": "2"}).status_code == 404
    assert client.get(practitioners, {"page": "x"}).status_code == 404

    # Edit links only for those who may edit, whoever asked first.
    assert "Record a check<span" in page.content.decode()
    for url in (due, practitioners):
        assert "Record a check<span" not in client_for(area_viewer).get(url).content.decode()


def test_the_checks_list_shows_a_change_at_once(client_for, lead, area_viewer, dundee):
    from datetime import timedelta

    from django.utils import timezone

    from innovations import services
    from tests.innovations.factories import make_instrument, record_check

    innovation = make_innovation(dundee, lead)
    make_instrument(innovation, lead)
    url = reverse("innovations:check_list", args=[dundee.slug, innovation.pk])
    client = client_for(lead)
    assert "No fidelity checks yet" in client.get(url).content.decode()
    first = services.practitioner_save(innovation=innovation, actor=lead, code="DD-P01")
    second = services.practitioner_save(innovation=innovation, actor=lead, code="DD-P02")
    record_check(innovation, lead, first, timezone.localdate() - timedelta(days=40))
    check = record_check(innovation, lead, second, timezone.localdate())
    page = client.get(url).content.decode()
    assert "DD-P01" in page and "DD-P02" in page and "(2)" in page
    assert reverse("innovations:check_detail", args=[dundee.slug, innovation.pk, check.pk]) in page
    assert client.get(url).content.decode().count("DD-P0") == page.count("DD-P0")  # from the cache
    chosen = client.get(url, {"practitioner": "p02 "}).content.decode()
    assert "DD-P02" in chosen and "DD-P01</td>" not in chosen
    assert "Record a fidelity check" in page
    assert "Record a fidelity check" not in client_for(area_viewer).get(url).content.decode()
