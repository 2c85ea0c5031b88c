"""factory-boy factories for the Community of Practice."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from community.models import (
    Attachment,
    Event,
    EventRegistration,
    ExampleStatus,
    Post,
    PracticeExample,
    Reference,
    Topic,
)
from tests.factories import LocalAreaFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class EventFactory(factory.django.DjangoModelFactory):
    """An upcoming quarterly Community of Practice, hosted by CELCIS unless told otherwise."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Community of Practice {n}")
    kind = "cop"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=5))
    format = "in_person"
    venue = "A meeting room, Perth"
    host_area = None
    theme = "Coaching"
    agenda = "- Welcome\n- Workshop"
    created_by = factory.SubFactory(UserFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    registered_at = factory.LazyFunction(timezone.now)


class ExampleFactory(factory.django.DjangoModelFactory):
    """A published practice example whose author confirmed the privacy check."""

    class Meta:
        model = PracticeExample

    area = factory.SubFactory(LocalAreaFactory, slug="dundee", name="Dundee City")
    title = factory.Sequence(lambda n: f"Practice example {n}")
    summary = "Practitioners agreed a shared way of noticing early signs."
    what_was_done = "Four workshops with health visitors and nursery staff."
    what_changed = "80 practitioners used the shared page within six months."
    what_others_can_learn = "Start with the words practitioners already use."
    contact_role = "Neglect improvement lead"
    author = factory.SubFactory(UserFactory)
    status = ExampleStatus.PUBLISHED
    privacy_confirmed_by = factory.SelfAttribute("author")
    privacy_confirmed_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic with its opening post."""

    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"Topic {n}")
    author = factory.SubFactory(UserFactory)
    last_post_at = factory.LazyFunction(timezone.now)
    opening = factory.RelatedFactory(
        "tests.community.factories.PostFactory",
        factory_related_name="topic",
        is_opening=True,
        author=factory.SelfAttribute("..author"),
    )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    body = "How do you protect coaches' time?"
    author = factory.SubFactory(UserFactory)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    title = factory.Sequence(lambda n: f"A review of practice {n}")
    authors = "A. Researcher"
    year = 2020
    summary = "What it says, in plain words."


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An event's PDF material (give `example=` and `event=None` for an example's attachment)."""

    class Meta:
        model = Attachment

    event = factory.SubFactory(EventFactory)
    example = None
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="slides.pdf"))
    title = "Slides"
    original_name = "slides.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.SubFactory(UserFactory)
