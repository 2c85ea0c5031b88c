"""What the teams app tells people: an action given to them."""

from notifications.kinds import register_kind
from notifications.services import notify

ACTION_ASSIGNED = "teams.action_assigned"


def register_kinds() -> None:
    """Called from TeamsConfig.ready()."""
    register_kind(
        key=ACTION_ASSIGNED,
        label="An action given to you",
        description="Someone made you the owner of an action in your area's action tracker.",
    )


def action_assigned(action, *, actor) -> None:
    """Tell an action's owner (when they have an account and did not give it to themselves)."""
    owner = action.owner.user if action.owner_id else None
    if owner is None or owner.pk == actor.pk:
        return
    due = f" It is due on {action.due_date:%-d %b %Y}." if action.due_date else ""
    notify(
        kind=ACTION_ASSIGNED,
        recipients=[owner],
        key=f"action:{action.pk}:owner:{action.owner_id}",
        title=f"{action.area.name}: “{action.title}” is yours",
        body=f"{actor.get_full_name() or actor.username} gave you this action.{due}",
        url=action.get_absolute_url(),
        area=action.area,
    )
