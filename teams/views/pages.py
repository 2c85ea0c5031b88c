"""The links of the teams tables' rows, made without a reverse() each."""

from core.views import record_link


def action_links(actions, area):
    """Give each action (teams/_actions_table.html) its `detail_url` and, from a meeting, `meeting_url`."""
    detail, meeting = record_link("teams:action_detail", area.slug), record_link("teams:meeting_detail", area.slug)
    for action in actions:
        action.detail_url = detail(action.pk)
        action.meeting_url = meeting(action.meeting_id) if action.meeting_id else ""
    return actions


def meeting_links(meetings, area):
    """Give each meeting (teams/meeting_list.html) its `detail_url` and its team's `team_url`."""
    detail, team = record_link("teams:meeting_detail", area.slug), record_link("teams:detail", area.slug)
    for meeting in meetings:
        meeting.detail_url = detail(meeting.pk)
        meeting.team_url = team(meeting.team_id)
    return meetings
