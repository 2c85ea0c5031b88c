"""What the teams app tells people: an action given to them."""

from core.dates import day_label
from notifications.kinds import Kind
from notifications.services import notify

ASSIGNED = "teams.action_assigned"
KINDS = (Kind(ASSIGNED, "An action given to you", "Someone made you the owner of an action in your area."),)


def action_assigned(action, *, actor) -> None:
    """Tell an action's owner (when they have an account and did not give it to themselves)."""
    owner = action.owner.user if action.owner_id else None
    if owner is None or owner.pk == actor.pk:
        return
    due = f" It is due on {day_label(action.due_date)}." if action.due_date else ""
    body = f"{actor.get_full_name() or actor.username} gave you this action.{due}"
    title = f"{action.area.name}: “{action.title}” is yours"
    key = f"action:{action.pk}:owner:{action.owner_id}"
    notify(
        kind=ASSIGNED,
        recipients=[owner],
        key=key,
        title=title,
        body=body,
        url=action.get_absolute_url(),
        area=action.area,
    )
