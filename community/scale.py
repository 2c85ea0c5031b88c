"""The Community of Practice at scale, across all the areas: each year 20 events (with who came),
60 practice examples (written by the areas' people, reviewed and published by CELCIS) and 300
discussion posts (topics and their replies).

Everything goes through the community services, as the areas' people and CELCIS. The services stamp
records with the moment they are saved, so once written, each is dated back to when it happened in
its year (when it was written, sent, published or posted); registrations for events already held are
written as the demo writes them, since registration closes when an event starts.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from areas.scale import LABEL, at, days_between

from . import services
from .demo import _past_registration
from .models import Post, PracticeExample, Tag, TagKind, Topic

EVENTS_PER_YEAR = 20
EXAMPLES_PER_YEAR = 60
POSTS_PER_YEAR = 300
TOPICS_PER_YEAR = 60
THEMES = [
    "Exploration: understanding local need",
    "Installation: selection, training and coaching",
    "Using data in team meetings",
    "Fidelity: checking practice without blame",
    "Leadership for implementation",
    "Working with families as partners",
]
PRACTICE = [
    ("A weekly huddle for new concerns", "Practitioners bring new wellbeing concerns to a 15-minute huddle."),
    ("Coaching after training", "Every newly trained practitioner has a coach for their first three months."),
    ("One plan with the family", "A short plan, agreed with the family, replaces three separate forms."),
    ("Run charts at team meetings", "Teams look at their run charts every month and agree one change."),
    ("Drop-in at the nursery", "Parents can meet a family support worker at the nursery each week."),
    ("Protected time for the data lead", "The data lead has a day a week written into their job description."),
]
TOPICS = [
    "How do you protect time for huddles?",
    "Fidelity checks: who observes, and how often?",
    "Getting partners to share data",
    "Keeping momentum when staff move on",
    "What counts as early help in your area?",
    "Run charts: how many points before a baseline?",
]
REPLIES = [
    "We found the same; what helped was agreeing it at the leadership group first.",
    "Our coaches observe monthly, with a short conversation after.",
    "We started with two teams and spread once the data showed a change.",
    "Happy to share our template: ask for the implementation coordinator.",
    "Worth looking at the evidence library entry on coaching.",
]


def _people(scale) -> list:
    return [person for scale_area in scale.areas for person in (scale_area.lead, scale_area.member)]


def _events(scale, people, rng) -> tuple[int, int]:
    """20 events a year, each hosted by an area's lead or by CELCIS; the last two still to come."""
    events = registrations = 0
    hosts = [(scale_area.lead, scale_area.area) for scale_area in scale.areas] + [(scale.celcis, None)] * 3
    for year, (first, last) in enumerate(scale.year_spans()):
        days = days_between(rng, first, last, EVENTS_PER_YEAR)
        if year == scale.years - 1:
            days = days[:-2] + [scale.today + timedelta(days=rng.randint(7, 60)) for _ in range(2)]
        for day in days:
            organiser, host = rng.choice(hosts)
            held = at(day, hour=10) <= timezone.now()
            kind, theme = rng.choice(["cop", "learning"]), rng.choice(THEMES)
            event = services.event_save(
                actor=organiser,
                data={
                    "title": f"{'Community of Practice' if kind == 'cop' else 'Learning event'} – {theme} {LABEL}",
                    "kind": kind,
                    "starts_at": at(day, hour=10),
                    "ends_at": at(day, hour=15),
                    "format": "online",
                    "joining_link": "https://example.org/scale-test-meeting",
                    "host_area": host,
                    "theme": theme,
                    "learning": f"What the areas took away. {LABEL}" if held else "",
                },
            )
            for person in rng.sample(people, min(len(people), rng.randint(8, 20))):
                if held:
                    _past_registration(event, person, organiser=organiser, attended=rng.random() < 0.85)
                else:
                    services.event_register(event=event, actor=person)
                registrations += 1
            events += 1
    return events, registrations


def _examples(scale, rng) -> int:
    """60 examples a year, each published by CELCIS a few weeks after it was written (the latest few
    still waiting for review)."""
    tags = list(Tag.objects.exclude(kind=TagKind.TOPIC).order_by("pk"))
    made = []
    for first, last in scale.year_spans():
        for day in days_between(rng, first, last, EXAMPLES_PER_YEAR):
            scale_area = rng.choice(scale.areas)
            author = rng.choice([scale_area.lead, scale_area.member])
            title, summary = rng.choice(PRACTICE)
            example = services.example_save(
                actor=author,
                data={
                    "area": scale_area.area,
                    "title": f"{title} in {scale_area.area.name} {LABEL}",
                    "summary": f"{summary} {LABEL}",
                    "what_was_done": f"The implementation team tested it in one locality, then spread it. {LABEL}",
                    "what_changed": f"Concerns acted on sooner; practitioners more confident. {LABEL}",
                    "what_others_can_learn": f"Start small, agree it with leaders, watch the data. {LABEL}",
                    "contact_role": "Implementation coordinator",
                },
                tags=rng.sample(tags, min(len(tags), rng.randint(1, 3))),
            )
            services.example_submit(example=example, actor=author, privacy_confirmed=True)
            published_on = day + timedelta(days=rng.randint(7, 30))
            if published_on <= scale.today:
                services.example_publish(example=example, actor=scale.celcis, comment=f"Thank you. {LABEL}")
            made.append((example.pk, day, published_on))
    _date_examples(made, scale.today)
    return len(made)


def _date_examples(made, today) -> None:
    """Each example written, sent and published on its own days, not when the data was loaded."""
    examples = PracticeExample.objects.in_bulk([pk for pk, _day, _published in made])
    for pk, day, published_on in made:
        example = examples[pk]
        example.created_at = at(day, hour=9)
        example.submitted_at = example.privacy_confirmed_at = at(day, hour=12)
        if published_on <= today:
            example.published_at = example.reviewed_at = at(published_on, hour=11)
    fields = ["created_at", "submitted_at", "privacy_confirmed_at", "published_at", "reviewed_at"]
    PracticeExample.objects.bulk_update(examples.values(), fields, batch_size=1000)


def _replies(rng, topics: int) -> list[int]:
    """How many replies each topic gets (two to six), making the year's posts add up to 300."""
    replies = [rng.randint(2, 6) for _ in range(topics)]
    while sum(replies) != POSTS_PER_YEAR - topics:
        index = rng.randrange(topics)
        if sum(replies) > POSTS_PER_YEAR - topics and replies[index] > 2:
            replies[index] -= 1
        elif sum(replies) < POSTS_PER_YEAR - topics and replies[index] < 6:
            replies[index] += 1
    return replies


def _discussions(scale, people, rng) -> int:
    """300 posts a year: 60 topics opened on days of the year, each with replies over the following days."""
    posts, topics = [], []
    latest = timezone.now()
    for first, last in scale.year_spans():
        days = days_between(rng, first, last, TOPICS_PER_YEAR)
        for day, replies in zip(days, _replies(rng, TOPICS_PER_YEAR), strict=True):
            question = rng.choice(TOPICS)
            topic = services.topic_create(
                actor=rng.choice(people),
                title=f"{question} {LABEL}",
                body=f"{question} We are working on this now; how have other areas gone about it? {LABEL}",
            )
            when = min(at(day, hour=rng.randint(8, 17)), latest)
            posts.append((topic.posts.get().pk, when))
            for _ in range(replies):
                when = min(when + timedelta(hours=rng.randint(2, 240)), latest)
                reply = services.topic_reply(
                    topic=topic, actor=rng.choice(people), body=f"{rng.choice(REPLIES)} {LABEL}"
                )
                posts.append((reply.pk, when))
            topics.append((topic.pk, posts[-replies - 1][1], when))
    _date_posts(posts, topics)
    return len(posts)


def _date_posts(posts, topics) -> None:
    records = Post.objects.in_bulk([pk for pk, _when in posts])
    for pk, when in posts:
        records[pk].created_at = when
    Post.objects.bulk_update(records.values(), ["created_at"], batch_size=1000)
    opened = Topic.objects.in_bulk([pk for pk, _created, _last in topics])
    for pk, created, last in topics:
        opened[pk].created_at, opened[pk].last_post_at = created, last
    Topic.objects.bulk_update(opened.values(), ["created_at", "last_post_at"], batch_size=1000)


def seed(scale, *, rng, stdout=None) -> None:
    """Events, examples and discussions across the areas at scale."""
    people = _people(scale)
    events, registrations = _events(scale, people, rng)
    examples = _examples(scale, rng)
    posts = _discussions(scale, people, rng)
    if stdout:
        stdout.write(
            f"Community at scale: {events} events ({registrations} registrations), {examples} practice examples, "
            f"{posts} discussion posts."
        )
