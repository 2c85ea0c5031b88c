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
