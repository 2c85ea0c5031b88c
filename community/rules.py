"""Who may do what in the Community of Practice, on top of the portal's one access policy.

`areas.access.require_community` decides who reaches /community/ at all (anyone with a role; only
those who take part may write). These rules decide, for one record, who may change it.
"""

from django.db.models import Q

from areas.access import Access
from areas.models import LocalArea, Role

from .models import Attachment, Event, ExampleStatus, Post, PracticeExample, Reference


def leads_an_area(access: Access) -> bool:
    return any(m.role == Role.AREA_LEAD for m in access.memberships)


def can_organise_events(access: Access) -> bool:
    """CELCIS and area leads organise events."""
    return access.can_take_part_in_community and (access.is_celcis or leads_an_area(access))


def event_host_choices(access: Access):
    """The areas this organiser may name as host: any programme area for CELCIS, their own for a lead."""
    if access.is_celcis:
        return LocalArea.objects.in_programme().order_by("name")
    led = [m.area_id for m in access.memberships if m.role == Role.AREA_LEAD and m.area_id]
    return LocalArea.objects.filter(pk__in=led).order_by("name")


def can_manage_event(access: Access, event: Event) -> bool:
    """The organiser who created it, leads of the hosting area and CELCIS manage an event."""
    if not access.can_take_part_in_community:
        return False
    if access.is_celcis or event.created_by_id == access.user.pk:
        return True
    return event.host_area_id is not None and access.can_lead_area(event.host_area)


def visible_examples_filter(access: Access) -> Q:
    """Published examples for everyone; authors see their own; CELCIS sees what was sent for review."""
    visible = Q(status=ExampleStatus.PUBLISHED)
    if access.user.is_authenticated:
        visible |= Q(author=access.user)
    if access.is_celcis:
        visible |= Q(status__in=[ExampleStatus.SUBMITTED, ExampleStatus.RETURNED])
    return visible


def can_edit_example(access: Access, example: PracticeExample) -> bool:
    """The author edits their example at any stage; CELCIS may edit one that has been sent to them."""
    if not access.can_take_part_in_community:
        return False
    if example.author_id == access.user.pk:
        return True
    return access.is_celcis and example.status != ExampleStatus.DRAFT


def example_area_choices(access: Access):
    """Areas an example may be about: CELCIS any programme area; others the areas they belong to or
    (community members) come from, or any programme area if their account names none."""
    programme = LocalArea.objects.in_programme().order_by("name")
    if access.is_celcis:
        return programme
    own = {m.area_id for m in access.memberships if m.area_id}
    return LocalArea.objects.filter(pk__in=own).order_by("name") if own else programme


def can_edit_post(access: Access, post: Post) -> bool:
    """Authors edit their own posts while they are visible."""
    return access.can_take_part_in_community and post.author_id == access.user.pk and not post.is_hidden


def can_read_earlier_words(access: Access, record) -> bool:
    """Who may read the earlier words of an example or post: its author and CELCIS. Words are often
    changed to take out a detail that could identify a child or family (CELCIS returns examples for
    exactly that), so everyone else sees who changed a record and when, not what it said before."""
    return access.is_celcis or record.author_id == access.user.pk


def can_see_hidden_post(access: Access, post: Post) -> bool:
    return access.is_celcis or post.author_id == access.user.pk


def can_edit_reference(access: Access, reference: Reference) -> bool:
    """Whoever added a reference, and CELCIS, keep it up to date."""
    return access.can_take_part_in_community and (access.is_celcis or reference.added_by_id == access.user.pk)


def can_see_attachment(access: Access, attachment: Attachment) -> bool:
    """Event materials: everyone in the community. An example's files: whoever may see the example,
    except that a file held with changes not yet published is for the author and CELCIS only."""
    if attachment.event_id:
        return access.can_see_community
    if attachment.held_for_id and not can_see_pending_changes(access, attachment.example):
        return False
    return PracticeExample.objects.filter(visible_examples_filter(access), pk=attachment.example_id).exists()


def can_see_pending_changes(access: Access, example: PracticeExample) -> bool:
    """Changes to a published example not yet published: for its author and CELCIS only."""
    return access.is_celcis or example.author_id == access.user.pk


def can_remove_attachment(access: Access, attachment: Attachment) -> bool:
    """The uploader, or whoever manages the event or may edit the example, removes a file."""
    if not access.can_take_part_in_community:
        return False
    if attachment.uploaded_by_id == access.user.pk:
        return True
    if attachment.event_id:
        return can_manage_event(access, attachment.event)
    return can_edit_example(access, attachment.example)


def attendee_role_and_area(access: Access) -> tuple[str, LocalArea | None]:
    """The role and area an attendee is counted under in the quarterly figures: their most involved
    role (CELCIS, then lead, member, community member), and that role's area."""
    for role in (Role.CELCIS, Role.AREA_LEAD, Role.AREA_MEMBER, Role.COMMUNITY_MEMBER):
        holding = sorted(
            (m for m in access.memberships if m.role == role), key=lambda m: m.area.name if m.area_id else ""
        )
        if holding:
            return role, holding[0].area if holding[0].area_id else None
    return Role.NATIONAL_VIEWER, None
