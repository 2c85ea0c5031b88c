"""Load Scotland's 32 local authority areas; Dundee, Inverclyde and Perth & Kinross are in the programme.

Names, councils, health boards and child protection committees are editable data: CELCIS keeps them
current through the portal. The dates areas joined are left empty for CELCIS to record.
"""

from django.db import migrations
from django.utils import timezone

# (name, slug, council, NHS health board, child protection committee)
LOCAL_AUTHORITIES = [
    (
        "Aberdeen City",
        "aberdeen-city",
        "Aberdeen City Council",
        "NHS Grampian",
        "Aberdeen City Child Protection Committee",
    ),
    (
        "Aberdeenshire",
        "aberdeenshire",
        "Aberdeenshire Council",
        "NHS Grampian",
        "Aberdeenshire Child Protection Committee",
    ),
    ("Angus", "angus", "Angus Council", "NHS Tayside", "Angus Child Protection Committee"),
    (
        "Argyll and Bute",
        "argyll-and-bute",
        "Argyll and Bute Council",
        "NHS Highland",
        "Argyll and Bute Child Protection Committee",
    ),
    (
        "City of Edinburgh",
        "city-of-edinburgh",
        "The City of Edinburgh Council",
        "NHS Lothian",
        "Edinburgh Child Protection Committee",
    ),
    (
        "Clackmannanshire",
        "clackmannanshire",
        "Clackmannanshire Council",
        "NHS Forth Valley",
        "Clackmannanshire and Stirling Child Protection Committee",
    ),
    (
        "Dumfries and Galloway",
        "dumfries-and-galloway",
        "Dumfries and Galloway Council",
        "NHS Dumfries and Galloway",
        "Dumfries and Galloway Child Protection Committee",
    ),
    ("Dundee City", "dundee", "Dundee City Council", "NHS Tayside", "Dundee Child Protection Committee"),
    (
        "East Ayrshire",
        "east-ayrshire",
        "East Ayrshire Council",
        "NHS Ayrshire and Arran",
        "East Ayrshire Child Protection Committee",
    ),
    (
        "East Dunbartonshire",
        "east-dunbartonshire",
        "East Dunbartonshire Council",
        "NHS Greater Glasgow and Clyde",
        "East Dunbartonshire Child Protection Committee",
    ),
    (
        "East Lothian",
        "east-lothian",
        "East Lothian Council",
        "NHS Lothian",
        "East Lothian and Midlothian Public Protection Committee",
    ),
    (
        "East Renfrewshire",
        "east-renfrewshire",
        "East Renfrewshire Council",
        "NHS Greater Glasgow and Clyde",
        "East Renfrewshire Child Protection Committee",
    ),
    ("Falkirk", "falkirk", "Falkirk Council", "NHS Forth Valley", "Falkirk Child Protection Committee"),
    ("Fife", "fife", "Fife Council", "NHS Fife", "Fife Child Protection Committee"),
    (
        "Glasgow City",
        "glasgow-city",
        "Glasgow City Council",
        "NHS Greater Glasgow and Clyde",
        "Glasgow Child Protection Committee",
    ),
    ("Highland", "highland", "The Highland Council", "NHS Highland", "Highland Child Protection Committee"),
    (
        "Inverclyde",
        "inverclyde",
        "Inverclyde Council",
        "NHS Greater Glasgow and Clyde",
        "Inverclyde Child Protection Committee",
    ),
    (
        "Midlothian",
        "midlothian",
        "Midlothian Council",
        "NHS Lothian",
        "East Lothian and Midlothian Public Protection Committee",
    ),
    ("Moray", "moray", "The Moray Council", "NHS Grampian", "Moray Child Protection Committee"),
    (
        "Na h-Eileanan Siar",
        "na-h-eileanan-siar",
        "Comhairle nan Eilean Siar",
        "NHS Western Isles",
        "Western Isles Child Protection Committee",
    ),
    (
        "North Ayrshire",
        "north-ayrshire",
        "North Ayrshire Council",
        "NHS Ayrshire and Arran",
        "North Ayrshire Child Protection Committee",
    ),
    (
        "North Lanarkshire",
        "north-lanarkshire",
        "North Lanarkshire Council",
        "NHS Lanarkshire",
        "North Lanarkshire Child Protection Committee",
    ),
    ("Orkney Islands", "orkney-islands", "Orkney Islands Council", "NHS Orkney", "Orkney Child Protection Committee"),
    (
        "Perth & Kinross",
        "perth-and-kinross",
        "Perth & Kinross Council",
        "NHS Tayside",
        "Perth and Kinross Child Protection Committee",
    ),
    (
        "Renfrewshire",
        "renfrewshire",
        "Renfrewshire Council",
        "NHS Greater Glasgow and Clyde",
        "Renfrewshire Child Protection Committee",
    ),
    (
        "Scottish Borders",
        "scottish-borders",
        "Scottish Borders Council",
        "NHS Borders",
        "Scottish Borders Child Protection Committee",
    ),
    (
        "Shetland Islands",
        "shetland-islands",
        "Shetland Islands Council",
        "NHS Shetland",
        "Shetland Child Protection Committee",
    ),
    (
        "South Ayrshire",
        "south-ayrshire",
        "South Ayrshire Council",
        "NHS Ayrshire and Arran",
        "South Ayrshire Child Protection Committee",
    ),
    (
        "South Lanarkshire",
        "south-lanarkshire",
        "South Lanarkshire Council",
        "NHS Lanarkshire",
        "South Lanarkshire Child Protection Committee",
    ),
    (
        "Stirling",
        "stirling",
        "Stirling Council",
        "NHS Forth Valley",
        "Clackmannanshire and Stirling Child Protection Committee",
    ),
    (
        "West Dunbartonshire",
        "west-dunbartonshire",
        "West Dunbartonshire Council",
        "NHS Greater Glasgow and Clyde",
        "West Dunbartonshire Child Protection Committee",
    ),
    ("West Lothian", "west-lothian", "West Lothian Council", "NHS Lothian", "West Lothian Child Protection Committee"),
]

PROGRAMME_AREAS = {"dundee", "inverclyde", "perth-and-kinross"}


def load(apps, schema_editor):
    LocalArea = apps.get_model("areas", "LocalArea")
    HistoricalLocalArea = apps.get_model("areas", "HistoricalLocalArea")
    now = timezone.now()
    for name, slug, council, health_board, committee in LOCAL_AUTHORITIES:
        area, created = LocalArea.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "council": council,
                "health_board": health_board,
                "child_protection_committee": committee,
                "in_programme": slug in PROGRAMME_AREAS,
            },
        )
        # Migrations bypass django-simple-history, so write the first history record ourselves:
        # later changes are then shown against it.
        HistoricalLocalArea.objects.create(
            id=area.pk,
            name=area.name,
            slug=area.slug,
            council=area.council,
            health_board=area.health_board,
            child_protection_committee=area.child_protection_committee,
            in_programme=area.in_programme,
            date_joined=area.date_joined,
            notes=area.notes,
            history_date=now,
            history_type="+" if created else "~",
            history_change_reason="Loaded from the list of Scotland's 32 local authorities",
        )


def unload(apps, schema_editor):
    LocalArea = apps.get_model("areas", "LocalArea")
    LocalArea.objects.filter(slug__in=[row[1] for row in LOCAL_AUTHORITIES], memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
