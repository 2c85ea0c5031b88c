"""Seed the nine Implementation Drivers and version 1 of their best-practice items, published.

The item wording is the portal's own (after shared/DOMAIN.md). CELCIS changes the items by starting
a new draft version in the portal, so these are starting data, not code.
"""

from django.db import migrations
from django.utils import timezone

# key, name, group, description, items
DRIVERS = [
    (
        "selection",
        "Selection",
        "competency",
        "Choosing the people who will deliver the innovation.",
        [
            "Written criteria for each role are tied to the innovation's values and functions",
            "Selection includes a practical exercise or rehearsal",
            "What selection learns is passed to trainers and coaches",
            "Someone owns selection and reviews it with data",
        ],
    ),
    (
        "training",
        "Training",
        "competency",
        "Preparing practitioners with the knowledge and skills the innovation needs.",
        [
            "Training is skill-based with practice and feedback, built on the practice profile",
            "Knowledge and skill are measured before and after training",
            "Trainers know the innovation and adult learning",
            "Training data shape coaching and are reviewed",
        ],
    ),
    (
        "coaching",
        "Coaching",
        "competency",
        "Support on the job so that new skills are used well in practice.",
        [
            "There is a written coaching plan: how often, how, and by whom",
            "Coaching uses direct observation",
            "Coaches are supported and their effect is measured",
            "Coaching data are reviewed",
        ],
    ),
    (
        "fidelity",
        "Fidelity assessment",
        "competency",
        "Checking that the innovation is delivered as intended.",
        [
            "An assessment tied to the essential functions exists",
            "Practitioners know when and how it happens, and it is not punitive",
            "It is done on schedule and used by coaches and teams",
            "Its link to outcomes is checked",
        ],
    ),
    (
        "decision-support-data-system",
        "Decision support data system",
        "organisation",
        "Data that the teams use to make decisions.",
        [
            "Fidelity, implementation and outcome data are collected routinely",
            "Data are reliable, timely and reachable by teams",
            "Data are used in team decisions, and this is recorded",
            "Data are shared with practitioners and stakeholders",
        ],
    ),
    (
        "facilitative-administration",
        "Facilitative administration",
        "organisation",
        "Leaders and managers changing how the organisation works so the innovation fits.",
        [
            "Leaders change policies, procedures and structures to fit the innovation",
            "The implementation team has dedicated time and a clear remit",
            "Barriers from practice are resolved or escalated",
            "Staff workload and recognition are adjusted",
        ],
    ),
    (
        "systems-intervention",
        "Systems intervention",
        "organisation",
        "Work with the wider system: partner agencies, funders and national bodies.",
        [
            "Leaders work with partner agencies, funders and national bodies to secure resources and remove barriers",
            "Partnerships are formalised",
            "System barriers are tracked and reported",
        ],
    ),
    (
        "technical-leadership",
        "Technical leadership",
        "leadership",
        "Managing the routine problems of implementation.",
        [
            "Named leaders are accountable for implementation",
            "Leaders use data to manage routine problems",
            "Leaders make sure resources and structures are in place",
        ],
    ),
    (
        "adaptive-leadership",
        "Adaptive leadership",
        "leadership",
        "Leading people through complex problems that have no set answer.",
        [
            "Leaders engage stakeholders on complex problems",
            "Leaders communicate the vision and build readiness",
            "Leaders seek feedback from practitioners and families and act on it",
        ],
    ),
]

REASON = "Seed catalogue"


def seed(apps, schema_editor):
    Driver = apps.get_model("drivers", "Driver")
    HistoricalDriver = apps.get_model("drivers", "HistoricalDriver")
    ItemSet = apps.get_model("drivers", "ItemSet")
    HistoricalItemSet = apps.get_model("drivers", "HistoricalItemSet")
    Item = apps.get_model("drivers", "Item")
    HistoricalItem = apps.get_model("drivers", "HistoricalItem")
    now = timezone.now()
    history = {"history_date": now, "history_type": "+", "history_change_reason": REASON}

    item_set = ItemSet.objects.create(
        number=1, status="published", change_note="The first version of the items.", published_at=now
    )
    # Migrations bypass django-simple-history; write the first history records ourselves.
    HistoricalItemSet.objects.create(
        id=item_set.pk,
        number=1,
        status="published",
        change_note=item_set.change_note,
        created_at=item_set.created_at,
        published_at=now,
        **history,
    )
    for position, (key, name, group, description, items) in enumerate(DRIVERS, start=1):
        driver = Driver.objects.create(key=key, name=name, group=group, order=position * 10, description=description)
        HistoricalDriver.objects.create(
            id=driver.pk, key=key, name=name, group=group, order=driver.order, description=description, **history
        )
        for order, text in enumerate(items, start=1):
            item = Item.objects.create(item_set=item_set, driver=driver, text=text, order=order * 10)
            HistoricalItem.objects.create(
                id=item.pk, item_set_id=item_set.pk, driver_id=driver.pk, text=text, order=item.order, **history
            )


def unseed(apps, schema_editor):
    ItemSet = apps.get_model("drivers", "ItemSet")
    if apps.get_model("drivers", "Assessment").objects.exists():
        return  # assessments were made with these items: keep them
    apps.get_model("drivers", "Item").objects.all().delete()
    ItemSet.objects.all().delete()
    apps.get_model("drivers", "Driver").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("drivers", "0001_drivers_items_and_assessments")]

    operations = [migrations.RunPython(seed, unseed)]
