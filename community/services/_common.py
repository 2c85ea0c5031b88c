"""What the community's services share: who may take part."""

from django.core.exceptions import PermissionDenied

from areas.access import Access


def taking_part(actor) -> Access:
    """The actor's access, refusing anyone who may not take part in the community (viewers, outsiders)."""
    access = Access.for_user(actor)
    if not access.can_take_part_in_community:
        raise PermissionDenied
    return access
