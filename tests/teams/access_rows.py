"""Access-matrix rows for the teams pages: area members, leads and CELCIS read and write; national
viewers only read; everyone else gets 404."""

from tests.access import AREA_READ, AREA_WRITE, Row, as_post
from tests.teams.factories import ActionFactory, CommunicationFactory, MeetingFactory, TeamFactory, TeamMemberFactory


def _team(dundee):
    return {"area_slug": dundee.slug, "pk": TeamFactory(area=dundee).pk}


def _member(dundee):
    member = TeamMemberFactory(team=TeamFactory(area=dundee))
    return {"area_slug": dundee.slug, "pk": member.team_id, "member_pk": member.pk}


def _meeting(dundee):
    return {"area_slug": dundee.slug, "pk": MeetingFactory(team=TeamFactory(area=dundee)).pk}


def _action(dundee):
    return {"area_slug": dundee.slug, "pk": ActionFactory(area=dundee).pk}


def _communication(dundee):
    return {"area_slug": dundee.slug, "pk": CommunicationFactory(area=dundee).pk}


READ = Row(get=AREA_READ, kwargs="area")
WRITE = Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs="area")

ROWS = {
    "teams:list": READ,
    "teams:create": WRITE,
    "teams:detail": Row(get=AREA_READ, kwargs=_team),
    "teams:update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_team),
    "teams:history": Row(get=AREA_READ, kwargs=_team),
    "teams:member_add": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_team),
    "teams:member_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_member),
    "teams:meetings": READ,
    "teams:meeting_start": WRITE,
    "teams:meeting_create": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_team),
    "teams:meeting_detail": Row(get=AREA_READ, kwargs=_meeting),
    "teams:meeting_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_meeting),
    "teams:actions": READ,
    "teams:action_create": WRITE,
    "teams:action_detail": Row(get=AREA_READ, kwargs=_action),
    "teams:action_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_action),
    "teams:communications": READ,
    "teams:communication_create": WRITE,
    "teams:communication_update": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_communication),
    "teams:resourcing": READ,
}
