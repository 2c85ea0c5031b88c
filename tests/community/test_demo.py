"""The community demo: past and upcoming events, a dozen published examples from the three areas,
discussions with replies, and the evidence library with the works the programme draws on."""

from collections import Counter

from django.utils import timezone

from areas import demo as area_demo
from community import demo
from community.models import (
    Event,
    EventRegistration,
    ExampleRevision,
    ExampleStatus,
    Post,
    PracticeExample,
    Reference,
    Topic,
)


def test_seed_demo_builds_a_believable_community_once(db):
    area_demo.seed()  # the demo people come first, as in seed_demo
    demo.seed()
    now = timezone.now()
    events = list(Event.objects.all())
    assert all(e.title.startswith("Demo:") for e in events)
    past = [e for e in events if e.ends_at < now]
    upcoming = [e for e in events if e.starts_at > now]
    assert len(past) >= 2 and len(upcoming) >= 2
    assert all(e.learning for e in past)
    assert EventRegistration.objects.filter(event__in=past, attended=True).exists()
    assert EventRegistration.objects.filter(event__in=upcoming, status="registered").exists()

    published = PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED).select_related("area")
    assert published.count() == 12
    assert Counter(e.area.slug for e in published) == {"dundee": 4, "inverclyde": 4, "perth-and-kinross": 4}
    assert all(e.title.startswith("Demo:") and e.privacy_confirmed for e in published)
    assert all(e.tags.exists() for e in published)
    assert published.filter(useful_marks__isnull=False).distinct().count() >= 6
    assert PracticeExample.objects.filter(status=ExampleStatus.SUBMITTED).count() == 1
    assert Post.objects.filter(example__isnull=False).count() >= 2
    # Changes after publishing: one waiting for CELCIS, one sent back; readers still see the published words.
    changes = ExampleRevision.objects.select_related("example")
    assert sorted(c.status for c in changes) == [ExampleStatus.RETURNED, ExampleStatus.SUBMITTED]
    assert all(c.what_changed != c.example.what_changed for c in changes)

    topics = Topic.objects.all()
    assert topics.count() >= 3 and all(t.title.startswith("Demo:") for t in topics)
    assert all(t.posts.filter(is_opening=False).exists() for t in topics)

    titles = " | ".join(Reference.objects.values_list("title", flat=True))
    for work in (
        "Child Protection Improvement Programme",
        "Brock report",
        "review of child neglect in Scotland",
        "Christie Commission",
        "Heckman curve",
        "Active Implementation Frameworks",
    ):
        assert work in titles, work
    assert Reference.objects.filter(authors__contains="Daniel").exists()
    assert all(r.summary for r in Reference.objects.all())

    demo.seed()  # idempotent
    assert Event.objects.count() == len(events)
    assert PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED).count() == 12
    assert Topic.objects.count() == topics.count()
