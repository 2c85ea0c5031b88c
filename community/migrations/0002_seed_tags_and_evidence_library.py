"""Seed the tags (the five frameworks, the four stages, the nine drivers and some starting topics) and
the evidence library: the works the programme draws on, summarised in the portal's own words.

Links are given only where the address is certain; CELCIS adds the rest in the portal. Both are
starting data, not code: CELCIS edits them in the portal or in Django admin.
"""

from django.db import migrations
from django.utils import timezone

FRAMEWORKS = [
    ("implementation-stages", "Implementation Stages"),
    ("implementation-drivers", "Implementation Drivers"),
    ("usable-innovations", "Usable Innovations"),
    ("implementation-teams", "Implementation Teams"),
    ("improvement-cycles", "Improvement Cycles"),
]
STAGES = [
    ("stage-exploration", "Exploration"),
    ("stage-installation", "Installation"),
    ("stage-initial-implementation", "Initial implementation"),
    ("stage-full-implementation", "Full implementation"),
]
DRIVERS = [
    ("driver-selection", "Selection"),
    ("driver-training", "Training"),
    ("driver-coaching", "Coaching"),
    ("driver-fidelity-assessment", "Fidelity assessment"),
    ("driver-decision-support-data-system", "Decision support data system"),
    ("driver-facilitative-administration", "Facilitative administration"),
    ("driver-systems-intervention", "Systems intervention"),
    ("driver-technical-leadership", "Technical leadership"),
    ("driver-adaptive-leadership", "Adaptive leadership"),
]
TOPICS = [
    ("neglect", "Neglect"),
    ("early-help", "Early help"),
    ("multi-agency-working", "Multi-agency working"),
    ("working-with-families", "Working with families"),
    ("data-and-measures", "Data and measures"),
    ("public-service-reform", "Public service reform"),
    ("prevention-and-early-intervention", "Prevention and early intervention"),
    ("implementation-science", "Implementation science"),
    ("child-protection-policy", "Child protection policy"),
]

# title, authors or body, year, link, summary, tag slugs
REFERENCES = [
    (
        "Child Protection Improvement Programme report",
        "Scottish Government",
        2017,
        "https://www.gov.scot/publications/child-protection-improvement-programme-report/",
        "The report of the national programme, set up in February 2016, to strengthen how Scotland protects "
        "children. It brings together nine workstreams — among them the review of the child protection "
        "system, data and evidence, leadership and **neglect** — and sets out what each found and the "
        "actions to follow.\n\n"
        "For this programme it is the starting point: addressing neglect is one of its workstreams, and it "
        "names the improvement work CELCIS began with Dundee, Inverclyde and Perth & Kinross, to be "
        "evaluated and, if promising, spread to more areas.",
        ["child-protection-policy", "neglect"],
    ),
    (
        "Safeguarding Scotland's vulnerable children from child abuse: a review of the Scottish system "
        "(the Brock report)",
        "Jackie Brock, Children in Scotland, for the Scottish Government",
        2014,
        "",
        "A short review, commissioned by ministers, of how Scotland's approach to protecting children had "
        "developed since the mid-1990s. It describes where the system had made progress, where it needed "
        "to improve, and makes twelve recommendations, all accepted.\n\n"
        "Its findings were one of the reasons the Child Protection Improvement Programme was set up, so it "
        "explains much of the programme's starting point.",
        ["child-protection-policy"],
    ),
    (
        "A review of child neglect in Scotland",
        "Brigid Daniel, Cheryl Burgess and Jane Scott (University of Stirling, with Action for Children)",
        None,
        "https://www.gov.scot/publications/review-child-neglect-scotland/",
        "A Scottish Government-funded review asking three questions: how many children in Scotland "
        "experience neglect, how good services are at recognising children at risk of it, and how well "
        "they help them. It draws on national figures, a survey of Child Protection Committee lead officers "
        "and focus groups with practitioners, gathered mainly in early 2012.\n\n"
        "It reports that the figures then available could not say reliably how many children experience "
        "neglect, and looks at what helps, and what gets in the way of, services noticing neglect early and "
        "acting on it together: the questions the programme's local work takes up.",
        ["neglect", "early-help", "multi-agency-working"],
    ),
    (
        "Commission on the Future Delivery of Public Services (the Christie Commission)",
        "Commission on the Future Delivery of Public Services, chaired by Campbell Christie",
        2011,
        "",
        "The commission's report on how Scotland's public services should change. It argues for services "
        "built around people and communities, partners working together, more effort spent on preventing "
        "problems rather than dealing with their consequences, and continuous improvement in performance.\n\n"
        "The programme's focus on prevention, partnership between agencies and local improvement follows "
        "these principles.",
        ["public-service-reform", "prevention-and-early-intervention", "multi-agency-working"],
    ),
    (
        "Skill formation and the economics of investing in disadvantaged children (the “Heckman curve”)",
        "James J. Heckman",
        2006,
        "",
        "An economist's case that the return on investing in people's skills is highest in the earliest "
        "years of life and falls with age, because early skills make later learning easier. Drawn as a "
        "curve of return against age, it is widely known as the Heckman curve.\n\n"
        "It is often cited for acting early on neglect: help that reaches young children and their "
        "families early is likely to do more good than help that comes later.",
        ["prevention-and-early-intervention", "early-help"],
    ),
    (
        "Active Implementation Frameworks",
        "National Implementation Research Network (NIRN)",
        None,
        "",
        "NIRN's frameworks for putting evidence-based practice into everyday use: **Usable Innovations**, "
        "**Implementation Stages**, **Implementation Drivers**, **Implementation Teams** and **Improvement "
        "Cycles**.\n\n"
        "They are the method CELCIS uses with each area and the structure of this portal: stages, drivers, "
        "teams, innovations and improvement cycles each have their own part.",
        [
            "implementation-science",
            "implementation-stages",
            "implementation-drivers",
            "usable-innovations",
            "implementation-teams",
            "improvement-cycles",
        ],
    ),
    (
        "Implementation research: a synthesis of the literature",
        "Dean L. Fixsen, Sandra F. Naoom, Karen A. Blase, Robert M. Friedman and Frances Wallace",
        2005,
        "",
        "A review of research on how programmes and practices are put into use. It found that good "
        "interventions often fail to make a difference because of how they are implemented, and described "
        "the stages and core components of implementation that later became NIRN's Active Implementation "
        "Frameworks.",
        ["implementation-science", "implementation-stages", "implementation-drivers"],
    ),
]


def seed(apps, schema_editor):
    Tag = apps.get_model("community", "Tag")
    HistoricalTag = apps.get_model("community", "HistoricalTag")
    Reference = apps.get_model("community", "Reference")
    HistoricalReference = apps.get_model("community", "HistoricalReference")
    now = timezone.now()
    reason = "Seed data"
    tags = {}
    for kind, rows in (("framework", FRAMEWORKS), ("stage", STAGES), ("driver", DRIVERS), ("topic", TOPICS)):
        for order, (slug, name) in enumerate(rows, start=1):
            tag = Tag.objects.create(kind=kind, name=name, slug=slug, order=order * 10)
            # Migrations bypass django-simple-history; write the first history record ourselves.
            HistoricalTag.objects.create(
                id=tag.pk,
                kind=kind,
                name=name,
                slug=slug,
                order=tag.order,
                history_date=now,
                history_type="+",
                history_change_reason=reason,
            )
            tags[slug] = tag
    for title, authors, year, link, summary, tag_slugs in REFERENCES:
        reference = Reference.objects.create(
            title=title, authors=authors, year=year, link=link, summary=summary, created_at=now
        )
        reference.tags.set([tags[slug] for slug in tag_slugs])
        HistoricalReference.objects.create(
            id=reference.pk,
            title=title,
            authors=authors,
            year=year,
            link=link,
            summary=summary,
            created_at=now,
            history_date=now,
            history_type="+",
            history_change_reason=reason,
        )


def unseed(apps, schema_editor):
    Reference = apps.get_model("community", "Reference")
    Reference.objects.filter(title__in=[row[0] for row in REFERENCES], added_by__isnull=True).delete()
    Tag = apps.get_model("community", "Tag")
    seeded = [slug for rows in (FRAMEWORKS, STAGES, DRIVERS, TOPICS) for slug, _name in rows]
    Tag.objects.filter(slug__in=seeded, examples__isnull=True, references__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0001_events_examples_discussions_and_evidence")]

    operations = [migrations.RunPython(seed, unseed)]
