"""The portal's one access policy.

Every page answers the same three questions through this module: which areas may this user see,
which may they change, and which do they lead. Views never decide this themselves.

- An area the user may not see answers 404, never revealing that it exists.
- A user who may see an area but not change it gets 403 on any page that writes.
- Querysets for area-owned records always start from the resolved area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import LocalArea, Membership, Role


class Permission(Enum):
    """What a page needs of the user in its area."""

    READ = "read"
    WRITE = "write"
    LEAD = "lead"
    CELCIS = "celcis"


@dataclass
class Access:
    """What one user may do, worked out once per request from their active memberships."""

    user: object
    memberships: list[Membership] = field(default_factory=list)

    @classmethod
    def for_user(cls, user) -> Access:
        """Load the user's active memberships (one query) and build their access."""
        if not user.is_authenticated or not user.is_active:
            return cls(user=user)
        memberships = list(Membership.objects.active().filter(user=user).select_related("area"))
        return cls(user=user, memberships=memberships)

    @cached_property
    def _roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    @cached_property
    def _area_roles(self) -> dict[int, str]:
        """Area id → the user's role there (lead outranks member)."""
        roles: dict[int, str] = {}
        for m in self.memberships:
            is_area_role = m.role in (Role.AREA_MEMBER, Role.AREA_LEAD) and m.area_id
            if is_area_role and roles.get(m.area_id) != Role.AREA_LEAD:
                roles[m.area_id] = m.role
        return roles

    @cached_property
    def _viewer_area_ids(self) -> set[int]:
        """Areas the user reads as an area viewer (local governance): read only, that area only."""
        return {m.area_id for m in self.memberships if m.role == Role.AREA_VIEWER and m.area_id}

    @property
    def is_celcis(self) -> bool:
        """CELCIS staff read and write every area."""
        return Role.CELCIS in self._roles

    @property
    def is_national_viewer(self) -> bool:
        """National viewers read every area and write nothing."""
        return Role.NATIONAL_VIEWER in self._roles

    @property
    def sees_every_area(self) -> bool:
        """CELCIS and national viewers see all areas and the national pages."""
        return self.is_celcis or self.is_national_viewer

    @property
    def can_see_community(self) -> bool:
        """Everyone with a role reads the Community of Practice (national viewers included)."""
        return bool(self._roles)

    @property
    def can_take_part_in_community(self) -> bool:
        """Everyone with a role but national and area viewers (who only read) takes part in the community."""
        return bool(self._roles - {Role.NATIONAL_VIEWER, Role.AREA_VIEWER})

    @property
    def has_any_role(self) -> bool:
        """Whether the user holds any active membership at all."""
        return bool(self.memberships)

    def area_role(self, area: LocalArea) -> str | None:
        """The user's own role in this area: member, lead or area viewer (None for anyone else)."""
        if area.pk in self._area_roles:
            return self._area_roles[area.pk]
        return Role.AREA_VIEWER if area.pk in self._viewer_area_ids else None

    def is_area_viewer_of(self, area: LocalArea) -> bool:
        """Reads this area as local governance, and may do nothing else in it."""
        return area.pk in self._viewer_area_ids and not self.can_edit_area(area)

    def can_see_area(self, area: LocalArea) -> bool:
        """May the user read this area's records?"""
        return self.sees_every_area or area.pk in self._area_roles or area.pk in self._viewer_area_ids

    def can_read_accepted_returns_only(self, area: LocalArea) -> bool:
        """Area viewers read an area's accepted returns only (never drafts, nor returns under review)."""
        return self.is_area_viewer_of(area) and not self.sees_every_area

    def can_see_area_reports(self, area: LocalArea) -> bool:
        """Who reads an area's reports: those who lead it (and CELCIS), and its area viewers, for
        whom the reports are made (the Child Protection Committee)."""
        return self.can_lead_area(area) or area.pk in self._viewer_area_ids

    def can_edit_area(self, area: LocalArea) -> bool:
        """May the user write this area's implementation records?"""
        return self.is_celcis or area.pk in self._area_roles

    def can_lead_area(self, area: LocalArea) -> bool:
        """May the user manage the area's members and sign off its stage changes and returns?"""
        return self.is_celcis or self._area_roles.get(area.pk) == Role.AREA_LEAD

    def can_manage_area_details(self, area: LocalArea) -> bool:
        """Only CELCIS changes an area's own details (council, health board, programme status)."""
        return self.is_celcis

    def allows(self, area: LocalArea, permission: Permission) -> bool:
        """Whether the user has `permission` in `area`."""
        if permission is Permission.READ:
            return self.can_see_area(area)
        if permission is Permission.WRITE:
            return self.can_edit_area(area)
        if permission is Permission.LEAD:
            return self.can_lead_area(area)
        return self.can_manage_area_details(area)

    def visible_areas(self):
        """The areas this user may see, as a queryset."""
        if self.sees_every_area:
            return LocalArea.objects.all()
        return LocalArea.objects.filter(pk__in=[*self._area_roles, *self._viewer_area_ids])

    @cached_property
    def own_areas(self) -> list[LocalArea]:
        """The areas the user is a member, lead or area viewer of, by name (no query: loaded with the roles)."""
        own_ids = set(self._area_roles) | self._viewer_area_ids
        areas = {m.area_id: m.area for m in self.memberships if m.area_id in own_ids}
        return sorted(areas.values(), key=lambda a: a.name)

    @cached_property
    def working_areas(self) -> list[LocalArea]:
        """The areas whose records the user works on as a member or lead (area viewers' areas left out)."""
        return [area for area in self.own_areas if area.pk in self._area_roles]


def access_for(request) -> Access:
    """The request's Access, built once and kept on the request."""
    access = getattr(request, "_access", None)
    if access is None or access.user is not request.user:
        access = Access.for_user(request.user)
        request._access = access
    return access


def get_area_for_user(request, slug: str, permission: Permission = Permission.READ) -> LocalArea:
    """Resolve `/areas/<slug>/`: 404 unless the user may see the area, 403 if they lack `permission`."""
    access = access_for(request)
    try:
        area = LocalArea.objects.get(slug=slug)
    except LocalArea.DoesNotExist:
        raise Http404("No such area") from None
    if not access.can_see_area(area):
        # Same answer as a slug that does not exist, so nobody learns what they cannot see.
        raise Http404("No such area")
    if not access.allows(area, permission):
        raise PermissionDenied
    return area


def require_national(request, *, write: bool = False) -> Access:
    """Let CELCIS and national viewers through to /national/ pages; 404 for everybody else.

    `write=True` lets only CELCIS through, with 403 for national viewers.
    """
    access = access_for(request)
    if not access.sees_every_area:
        raise Http404("Not found")
    if write and not access.is_celcis:
        raise PermissionDenied
    return access


class AreaMixin(AccessMixin):
    """For class-based views under /areas/<area_slug>/: resolves `self.area` through the policy.

    Set `permission` to what the page needs on GET; any POST, PUT, PATCH or DELETE needs at least
    WRITE, so a read-only role can never change anything through a view that forgot to say so. A view
    with `changes_records` true (a `core.views.ActionView` with a confirmation page) needs WRITE for
    that page too.
    """

    permission = Permission.READ
    area_url_kwarg = "area_slug"

    def required_permission(self) -> Permission:
        reading = self.request.method in ("GET", "HEAD", "OPTIONS") and not getattr(self, "changes_records", False)
        if reading or self.permission is not Permission.READ:
            return self.permission
        return Permission.WRITE

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        self.area = get_area_for_user(request, kwargs[self.area_url_kwarg], self.required_permission())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = self.area
        context["can_edit_area"] = self.access.can_edit_area(self.area)
        context["can_lead_area"] = self.access.can_lead_area(self.area)
        return context


class AreaScopedMixin(AreaMixin):
    """Adds `get_queryset()` that starts from the resolved area, for models with an `area` key."""

    def get_queryset(self):
        return super().get_queryset().filter(area=self.area)


def _needs_write(view, request) -> bool:
    """A page that writes: it says so (`write`, or an ActionView), or the request is not a read."""
    return view.write or getattr(view, "changes_records", False) or request.method not in ("GET", "HEAD", "OPTIONS")


class NationalMixin(AccessMixin):
    """For class-based views under /national/: CELCIS and national viewers only (404 otherwise).

    `write = True` limits the page to CELCIS (403 for national viewers); POSTs always need CELCIS.
    """

    write = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = require_national(request, write=_needs_write(self, request))
        return super().dispatch(request, *args, **kwargs)


def require_community(request, *, write: bool = False) -> Access:
    """Let people with any role into /community/ pages (404 for others); writes need a role that
    takes part (403 for national viewers, who only read)."""
    access = access_for(request)
    if not access.can_see_community:
        raise Http404("Not found")
    if write and not access.can_take_part_in_community:
        raise PermissionDenied
    return access


class CommunityMixin(AccessMixin):
    """For class-based views under /community/. `write = True` (or any POST) needs a role that takes
    part; national viewers read only."""

    write = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = require_community(request, write=_needs_write(self, request))
        return super().dispatch(request, *args, **kwargs)


def area_view(permission: Permission = Permission.READ):
    """Decorator for function views taking `area_slug`: passes the resolved `area` instead."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, area_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            needed = permission
            if request.method not in ("GET", "HEAD", "OPTIONS") and permission is Permission.READ:
                needed = Permission.WRITE
            area = get_area_for_user(request, area_slug, needed)
            return view(request, area, *args, **kwargs)

        return wrapper

    return decorator
