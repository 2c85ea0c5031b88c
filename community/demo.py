"""Demo Community of Practice: past and upcoming events, a dozen published practice examples from the
three programme areas, discussions with replies, and follows. Everything is labelled "Demo:".

The evidence library is real reference data, seeded by a migration, so it is not repeated here.
Records are written through the services, as the demo people, so history shows who did what; only
the registrations for events already held are written directly, since registration closes when an
event starts.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, User
from core.services import save_with_history

from . import rules, services
from .models import Event, EventRegistration, PracticeExample, Tag, Topic

PEOPLE = [
    "dundee-lead",
    "dundee-member",
    "inverclyde-lead",
    "inverclyde-member",
    "perth-lead",
    "perth-member",
    "celcis",
    "cop-member",
]

# title, organiser, host area slug (None: CELCIS), days from today, start, end, format, venue, theme,
# agenda, what was learned, who registered (and, for past events, who attended)
EVENTS = [
    (
        "Demo: Community of Practice – getting started with Active Implementation",
        "celcis",
        None,
        -270,
        (10, 0),
        (15, 30),
        "in_person",
        "Demo venue: a conference centre, Perth",
        "Exploration: understanding local need",
        "- Welcome and introductions\n- Each area: what local data says about neglect\n- Workshop: "
        "engaging stakeholders at every level\n- Next steps",
        "Areas found they had used different words for the same things. Everyone agreed to use the "
        "programme's glossary. Dundee's approach to analysing local data was shared for others to adapt.",
        ["dundee-lead", "dundee-member", "inverclyde-lead", "perth-lead", "perth-member", "celcis"],
    ),
    (
        "Demo: Community of Practice – building the infrastructure",
        "dundee-lead",
        "dundee",
        -180,
        (9, 30),
        (15, 0),
        "in_person",
        "Demo venue: a community centre, Dundee",
        "Installation: selection, training and coaching",
        "- What Dundee learned from selecting its first practitioners\n- Coaching plans: three models\n"
        "- Measures and data collection",
        "A written coaching plan made the biggest difference to new practitioners' confidence. Areas will "
        "share their selection criteria through the practice library.",
        [
            "dundee-lead",
            "dundee-member",
            "inverclyde-lead",
            "inverclyde-member",
            "perth-member",
            "celcis",
            "cop-member",
        ],
    ),
    (
        "Demo: Community of Practice – using data in team meetings",
        "inverclyde-lead",
        "inverclyde",
        -90,
        (10, 0),
        (14, 30),
        "online",
        "",
        "Decision support data systems",
        "- Run charts in five minutes\n- What to do when the data surprise you\n- Practice–policy feedback loops",
        "Teams that reviewed one run chart at every meeting spotted problems weeks earlier. Perth & "
        "Kinross will test a shared template.",
        ["dundee-member", "inverclyde-lead", "inverclyde-member", "perth-lead", "celcis", "cop-member"],
    ),
    (
        "Demo: Learning event – coaching for fidelity",
        "celcis",
        None,
        21,
        (13, 30),
        (15, 0),
        "online",
        "",
        "Coaching and fidelity assessment",
        "- Why fidelity is not a test\n- Observing practice: what good feedback sounds like\n- Questions",
        "",
        ["dundee-lead", "perth-member"],
    ),
    (
        "Demo: Community of Practice – sustaining and spreading",
        "perth-lead",
        "perth-and-kinross",
        75,
        (10, 0),
        (15, 30),
        "in_person",
        "Demo venue: a council chamber, Perth",
        "Full implementation and the next slice of the system",
        "- Planning for staff turnover\n- Spreading to a second slice of the system\n- Open space",
        "",
        ["dundee-lead", "inverclyde-lead", "cop-member"],
    ),
]

# area slug, author, title, summary, what was done, what changed, what others can learn, contact role,
# tag slugs, topics
EXAMPLES = [
    (
        "dundee",
        "dundee-lead",
        "A shared language for noticing neglect",
        "Practitioners from health, education and social work agreed a short list of early signs to talk "
        "about, in plain words.",
        "We held four workshops with health visitors, nursery staff and social workers. Each group listed "
        "what made them worry, and we merged the lists into one page.",
        "Within six months, 80 practitioners had used the page; referrals to the multi-agency screening "
        "group now use the same words.",
        "Start with what practitioners already say. A page that fits on a fridge gets used.",
        "Neglect improvement lead, Dundee City Council",
        ["implementation-stages", "stage-exploration"],
        "early help, multi-agency working",
    ),
    (
        "dundee",
        "dundee-member",
        "Health visitors coaching health visitors",
        "Experienced health visitors coach colleagues new to the approach, using a written coaching plan.",
        "We selected four coaches against written criteria, agreed a monthly observation and a short "
        "feedback conversation, and recorded each session.",
        "Coaching sessions held rose from 3 to 21 a quarter; 9 of 12 new practitioners met the fidelity "
        "criteria after two quarters.",
        "Protect coaches' time in writing before you start.",
        "Health visiting team leader, NHS Tayside",
        ["implementation-drivers", "driver-coaching", "driver-fidelity-assessment"],
        "coaching",
    ),
    (
        "dundee",
        "dundee-lead",
        "One run chart at every team meeting",
        "The implementation team reviews one run chart at the start of each meeting.",
        "We picked the measure most likely to move and printed its run chart for every meeting.",
        "The team noticed a fall in coaching sessions within three weeks rather than at quarter end.",
        "One chart is enough; more and the discussion drifts.",
        "Implementation team chair, Dundee",
        ["improvement-cycles", "driver-decision-support-data-system"],
        "data and measures",
    ),
    (
        "dundee",
        "dundee-member",
        "Small tests of a family welcome conversation",
        "Three PDSA cycles refined how practitioners open a first conversation with a family.",
        "Each cycle tested one change with 3 to 5 practitioners over two weeks.",
        "Practitioners rated the conversation easier (from 2.5 to 4.1 out of 5) across three cycles.",
        "Keep cycles short and write the prediction down first.",
        "Practice development worker, Dundee",
        ["improvement-cycles", "usable-innovations"],
        "working with families",
    ),
    (
        "inverclyde",
        "inverclyde-lead",
        "Re-forming the implementation team after staff changes",
        "When two core members left, we went back to exploration to rebuild the team's remit.",
        "We revisited the terms of reference, recruited two members with dedicated time and re-ran the "
        "readiness check.",
        "The readiness score rose from 2.6 to 3.8 out of 5 over four months.",
        "Going back a stage is not failure; record why and plan the return.",
        "Head of children's services, Inverclyde Council",
        ["implementation-teams", "implementation-stages", "stage-exploration"],
        "staff turnover",
    ),
    (
        "inverclyde",
        "inverclyde-member",
        "Listening events with parents",
        "Focus groups with parents shaped which innovation the area chose.",
        "Community development workers hosted three informal sessions in places parents already go.",
        "27 parents took part; their top priority, help without a crisis, became a selection criterion.",
        "Go to where families are, and tell them afterwards what changed.",
        "Community development lead, Inverclyde",
        ["implementation-stages", "stage-exploration"],
        "working with families",
    ),
    (
        "inverclyde",
        "inverclyde-lead",
        "Using the Hexagon Tool with partners",
        "Partners scored three candidate innovations together with the Hexagon Tool.",
        "A half-day session rated evidence, supports, usability, need, fit and capacity for each candidate.",
        "The group reached a decision in one session instead of the three meetings planned.",
        "Send the evidence summaries a week before, not on the day.",
        "Improvement adviser, Inverclyde",
        ["usable-innovations", "stage-exploration"],
        "decision making",
    ),
    (
        "inverclyde",
        "inverclyde-member",
        "Training built on the practice profile",
        "Training for the first cohort was built on the innovation's practice profile.",
        "Each module practised one essential function, with role play and feedback.",
        "Knowledge scores rose from 54% to 81% before and after training (14 practitioners).",
        "Write the practice profile first; the training follows from it.",
        "Learning and development officer",
        ["implementation-drivers", "driver-training", "usable-innovations"],
        "training",
    ),
    (
        "perth-and-kinross",
        "perth-lead",
        "Leaders removing barriers every month",
        "A monthly leadership huddle resolves barriers practitioners raise.",
        "Barriers are logged by the team and the top three go to a 20-minute huddle of senior managers.",
        "Of 31 barriers raised in a year, 24 were resolved within a month.",
        "Feed back every decision to the practitioners who raised the barrier.",
        "Improvement lead, Perth & Kinross Council",
        ["implementation-drivers", "driver-facilitative-administration", "driver-adaptive-leadership"],
        "practice–policy feedback",
    ),
    (
        "perth-and-kinross",
        "perth-member",
        "Schools as a first slice of the system",
        "Two primary schools and their cluster formed the first transformation zone.",
        "We chose a slice small enough to support and varied enough to test training, coaching and data.",
        "Both schools used the approach within a term; the cluster now plans to add two nurseries.",
        "Choose a slice with a willing leader and an existing partnership.",
        "Depute head teacher",
        ["implementation-stages", "stage-initial-implementation"],
        "schools, early help",
    ),
    (
        "perth-and-kinross",
        "perth-lead",
        "Selection with a practical exercise",
        "Candidates for the first cohort took part in a short role play as part of selection.",
        "A 15-minute scenario, scored against three criteria tied to the innovation's values.",
        "Coaches reported the first cohort needed fewer early coaching sessions than expected.",
        "Pass what selection learns to trainers and coaches.",
        "Workforce development manager",
        ["implementation-drivers", "driver-selection"],
        "recruitment",
    ),
    (
        "perth-and-kinross",
        "perth-member",
        "Sharing data with practitioners each quarter",
        "A one-page quarterly summary goes back to every practitioner involved.",
        "The summary shows three measures, what changed and what the team will do next.",
        "Practitioners responding to the quarterly pulse survey rose from 40% to 72%.",
        "Say what you did with the last summary's feedback.",
        "Data and performance officer",
        ["driver-decision-support-data-system", "improvement-cycles"],
        "data and measures",
    ),
]

# Not published: a draft, and one waiting for CELCIS to review it (the columns of EXAMPLES).
UNPUBLISHED_EXAMPLES = [
    (
        "dundee",
        "dundee-member",
        "Nursery staff and health visitors meeting termly (draft)",
        "Work in progress.",
        "To be written.",
        "To be written.",
        "To be written.",
        "Health visitor, Dundee",
        [],
        "",
    ),
    (
        "perth-and-kinross",
        "perth-member",
        "A welcome pack for new practitioners",
        "A short pack introduces new practitioners to the approach and their coach.",
        "The team wrote a six-page pack and a checklist for the first month.",
        "New practitioners met their coach in their first week (7 of 8).",
        "Ask the last cohort what they wish they had known.",
        "Improvement officer, Perth & Kinross Council",
        ["driver-training"],
        "",
    ),
]

TOPICS = [
    (
        "Demo: How do you protect coaches' time?",
        "dundee-member",
        "Our coaches keep being pulled back into casework. What has worked for you?",
        [
            ("perth-lead", "We wrote coaching time into job descriptions and reported it to the leadership huddle."),
            ("inverclyde-member", "A shared calendar of coaching sessions, visible to managers, helped us."),
            ("dundee-member", "Thank you both: we will try the shared calendar first."),
        ],
    ),
    (
        "Demo: Measures that practitioners find useful",
        "perth-member",
        "Which measures have your practitioners found most useful to look at together?",
        [
            ("dundee-lead", "Coaching sessions held, and the proportion of practitioners at fidelity."),
            ("celcis", "Keep it to two or three measures that the team can act on within a month."),
        ],
    ),
    (
        "Demo: Engaging elected members",
        "cop-member",
        "Has anyone briefed elected members on the programme? What did you tell them?",
        [("inverclyde-lead", "We used one example from the practice library and one run chart.")],
    ),
]


def _people():
    return {user.username: user for user in User.objects.filter(username__in=PEOPLE)}


def _at(days: int, hm: tuple[int, int]):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(*hm)))


def _past_registration(event, person, *, organiser, attended: bool) -> None:
    """Registration closes when an event starts, so those for events already held are written directly."""
    role, area = rules.attendee_role_and_area(Access.for_user(person))
    registration = EventRegistration(
        event=event,
        user=person,
        role=role,
        area=area,
        registered_at=event.starts_at - timedelta(days=14),
        attended=attended,
        attendance_recorded_by=organiser,
        attendance_recorded_at=event.ends_at,
    )
    save_with_history(registration, actor=organiser, reason="Demo data")


def _seed_events(people, areas) -> None:
    for title, organiser, host, days, start, end, fmt, venue, theme, agenda, learning, attendees in EVENTS:
        event = services.event_save(
            actor=people[organiser],
            data={
                "title": title,
                "kind": "learning" if "Learning event" in title else "cop",
                "starts_at": _at(days, start),
                "ends_at": _at(days, end),
                "format": fmt,
                "venue": venue,
                "joining_link": "https://example.org/demo-meeting" if fmt == "online" else "",
                "host_area": areas.get(host) if host else None,
                "theme": theme,
                "agenda": agenda,
                "learning": f"Demo: {learning}" if learning else "",
            },
        )
        for position, username in enumerate(attendees):
            if days >= 0:
                services.event_register(event=event, actor=people[username])
            else:
                # Most came; one or two did not.
                attended = position % 5 != 4
                _past_registration(event, people[username], organiser=people[organiser], attended=attended)


def _seed_examples(people, areas, tags) -> None:
    examples = []
    for row in EXAMPLES:
        example = _example_draft(people, areas, tags, row)
        services.example_submit(example=example, actor=example.author, privacy_confirmed=True)
        services.example_publish(example=example, actor=people["celcis"], comment="Demo: thank you, a clear example.")
        examples.append(example)
    for index, example in enumerate(examples):
        rotated = PEOPLE[index % len(PEOPLE) :] + PEOPLE[: index % len(PEOPLE)]
        for username in rotated[: (index * 5) % 7 + 1]:
            if people[username].pk != example.author_id:
                services.example_mark_useful(example=example, actor=people[username], useful=True)
    services.example_comment_add(
        example=examples[1], actor=people["perth-member"], body="Demo: how often did coaches observe practice?"
    )
    services.example_comment_add(
        example=examples[1], actor=people["dundee-member"], body="Demo: monthly, with a short conversation after."
    )
    _seed_unpublished_examples(people, areas, tags)
    _seed_changes(people, examples)


def _seed_changes(people, examples) -> None:
    """Changes made after publishing, held for review: one waiting for CELCIS, one sent back to its
    author. Readers keep seeing the published words meanwhile."""
    waiting, sent_back = examples[0], examples[4]
    for example, addition in (
        (waiting, "Demo: six months on, the second cohort of practitioners uses the same approach."),
        (sent_back, "Demo: the team now meets at the family centre on Tuesdays."),
    ):
        fields = {name: getattr(example, name) for name in services.REVISION_FIELDS}
        fields["what_changed"] = f"{example.what_changed}\n\n{addition}"
        services.example_changes_save(actor=example.author, example=example, data=fields, tags=list(example.tags.all()))
        services.example_changes_submit(example=example, actor=example.author, privacy_confirmed=True)
    services.example_changes_return(
        example=sent_back,
        actor=people["celcis"],
        comment="Demo: naming the centre and the day could point to the families who go there. Say “a local "
        "family centre, weekly” instead.",
    )


def _example_draft(people, areas, tags, row):
    """One example from a row of EXAMPLES, saved as its author's draft."""
    slug, author, title, summary, done, changed, learn, contact, tag_slugs, topics = row
    return services.example_save(
        actor=people[author],
        data={
            "area": areas[slug],
            "title": f"Demo: {title}",
            "summary": summary,
            "what_was_done": done,
            "what_changed": changed,
            "what_others_can_learn": learn,
            "contact_role": contact,
        },
        tags=[tags[s] for s in tag_slugs if s in tags],
        topics=topics,
    )


def _seed_unpublished_examples(people, areas, tags) -> None:
    """A draft, and one waiting for CELCIS to review it."""
    _draft, waiting = (_example_draft(people, areas, tags, row) for row in UNPUBLISHED_EXAMPLES)
    services.example_submit(example=waiting, actor=waiting.author, privacy_confirmed=True)


def _seed_topics(people) -> None:
    for title, author, body, replies in TOPICS:
        topic = services.topic_create(actor=people[author], title=title, body=f"Demo: {body}")
        for username, reply in replies:
            services.topic_reply(topic=topic, actor=people[username], body=f"Demo: {reply}")


def seed(stdout=None) -> None:
    """Create the demo community once; running it again leaves what is there."""
    if Event.objects.filter(title__startswith="Demo:").exists():
        if stdout:
            stdout.write("Community demo already loaded.")
        return
    people = _people()
    if len(people) < len(PEOPLE):
        return  # the areas demo did not run
    areas = {
        area.slug: area for area in LocalArea.objects.filter(slug__in=["dundee", "inverclyde", "perth-and-kinross"])
    }
    _seed_events(people, areas)
    _seed_examples(people, areas, {tag.slug: tag for tag in Tag.objects.all()})
    _seed_topics(people)
    if stdout:
        stdout.write(
            f"Community demo: {Event.objects.count()} events, "
            f"{PracticeExample.objects.filter(status='published').count()} published examples, a draft and one "
            f"waiting for review, changes to two published examples (one waiting for CELCIS, one sent back), "
            f"{Topic.objects.count()} discussions."
        )
