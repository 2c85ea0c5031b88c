"""Access-matrix rows for the foundation's pages (areas, accounts, health check)."""

from areas.models import Role, SpecialistAssignment
from tests.access import (
    ANYONE,
    AREA_CELCIS,
    AREA_LEAD,
    AREA_READ,
    LOGIN,
    NATIONAL_READ,
    NATIONAL_WRITE,
    OK,
    SIGNED_IN,
    Row,
    as_post,
    expect,
)
from tests.factories import MembershipFactory


def _specialist(dundee):
    celcis = MembershipFactory(area=None, role=Role.CELCIS).user
    return {"area_slug": dundee.slug, "pk": SpecialistAssignment.objects.create(area=dundee, user=celcis).pk}


# A POST-only action answers a GET with 405 once the person may reach it.
POST_ONLY_LEAD = {user: (405 if status == 200 else status) for user, status in AREA_LEAD.items()}

ROWS = {
    # Everyone's home page is their to-do list; someone with no role is told how to get one.
    "home": Row(get=SIGNED_IN),
    "healthz": Row(get=ANYONE),
    "glossary": Row(get=ANYONE),
    "login": Row(get=expect(302, anonymous=200), post=expect(302, anonymous=200)),
    "logout": Row(get=expect(405), post=expect(302)),
    "password_change": Row(get=SIGNED_IN, post=as_post(SIGNED_IN)),
    "password_change_done": Row(get=SIGNED_IN),
    "password_reset": Row(get=ANYONE, post=expect(OK)),
    "password_reset_done": Row(get=ANYONE),
    "password_reset_confirm": Row(get=ANYONE, kwargs="reset"),
    "password_reset_complete": Row(get=ANYONE),
    # Only roles that read some area have a list of areas.
    "areas:list": Row(get=expect(200, anonymous=LOGIN, community=404, nobody=404)),
    "areas:overview": Row(get=AREA_READ, kwargs="area"),
    "areas:edit": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs="area"),
    "areas:onboard": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs="area"),
    "areas:summary": Row(get=AREA_READ, kwargs="area"),
    "areas:summary_pdf": Row(get=AREA_READ, kwargs="area"),
    "areas:member_invite": Row(get=POST_ONLY_LEAD, post=as_post(AREA_LEAD), kwargs="membership"),
    "areas:specialist_add": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs="area"),
    "areas:specialist_end": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs=_specialist),
    "areas:history": Row(get=AREA_READ, kwargs="area"),
    "areas:members": Row(get=AREA_LEAD, kwargs="area"),
    "areas:member_add": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="area"),
    "areas:member_role": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="membership"),
    "areas:member_end": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="membership"),
    "areas:national": Row(get=NATIONAL_READ),
    "areas:national_people": Row(get=NATIONAL_WRITE),
    "areas:national_person_add": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE)),
    "areas:national_person_end": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs="national_membership"),
}
