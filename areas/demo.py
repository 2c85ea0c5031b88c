"""Demo users for a development copy of the portal. Every demo person is labelled "(demo)"."""

from django.utils import timezone

from .models import LocalArea, Membership, Role, SpecialistAssignment, User

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 -- published in the README; seed_demo refuses to run with debug off

# user name, first name, last name, job title, role, area slug
DEMO_USERS = [
    ("dundee-lead", "Dundee", "Lead (demo)", "Service manager, children and families", Role.AREA_LEAD, "dundee"),
    ("dundee-member", "Dundee", "Member (demo)", "Health visitor", Role.AREA_MEMBER, "dundee"),
    ("inverclyde-lead", "Inverclyde", "Lead (demo)", "Head of children's services", Role.AREA_LEAD, "inverclyde"),
    ("inverclyde-member", "Inverclyde", "Member (demo)", "Social worker", Role.AREA_MEMBER, "inverclyde"),
    ("perth-lead", "Perth", "Lead (demo)", "Improvement lead", Role.AREA_LEAD, "perth-and-kinross"),
    ("perth-member", "Perth", "Member (demo)", "Depute head teacher", Role.AREA_MEMBER, "perth-and-kinross"),
    ("celcis", "CELCIS", "Adviser (demo)", "Implementation adviser", Role.CELCIS, None),
    ("viewer", "National", "Viewer (demo)", "Scottish Government policy officer", Role.NATIONAL_VIEWER, None),
    ("cop-member", "Community", "Member (demo)", "Third-sector family support worker", Role.COMMUNITY_MEMBER, None),
    (
        "dundee-cpc",
        "Dundee",
        "CPC Chair (demo)",
        "Chair, Dundee Child Protection Committee",
        Role.AREA_VIEWER,
        "dundee",
    ),
]

# The demo CELCIS adviser supports two of the three areas as specialist, so their home page and the
# national overview start from "my areas" and offer the switch to all.
DEMO_SPECIALIST_AREAS = ("dundee", "inverclyde")


def seed(stdout=None) -> None:
    """Create (or bring back to their demo state) the demo users and their memberships."""
    areas = {area.slug: area for area in LocalArea.objects.filter(slug__in={row[5] for row in DEMO_USERS if row[5]})}
    for username, first_name, last_name, job_title, role, area_slug in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "job_title": job_title,
                "email": f"{username}@demo.neglect-portal.invalid",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        area = areas.get(area_slug) if area_slug else None
        if not Membership.objects.active().filter(user=user, role=role, area=area).exists():
            membership = Membership(user=user, role=role, area=area, started_on=timezone.localdate())
            membership._change_reason = "Demo data"
            membership.save()
    _seed_specialists()
    if stdout:
        stdout.write(f"Demo users ready ({len(DEMO_USERS)}), password {DEMO_PASSWORD!r}.")


def _seed_specialists() -> None:
    celcis = User.objects.get(username="celcis")
    for area in LocalArea.objects.filter(slug__in=DEMO_SPECIALIST_AREAS):
        if not SpecialistAssignment.objects.active().filter(area=area, user=celcis).exists():
            assignment = SpecialistAssignment(area=area, user=celcis)
            assignment._change_reason = "Demo data"
            assignment.save()
