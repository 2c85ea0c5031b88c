from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from core.views import (
    PAGE_SIZE,
    ActionView,
    AreaRecordMixin,
    FilteredListMixin,
    RecordFromUrl,
    RecordsFromUrlMixin,
    ServiceFormMixin,
)

from .. import services
from ..access import AreaMixin, NationalMixin, Permission, access_for
from ..forms import (
    AreaFilterForm,
    AreaForm,
    AreaMemberAddForm,
    AreaMemberRoleForm,
    NationalPersonAddForm,
    NationalRoleFilterForm,
)
from ..history import history_entries
from ..models import AREA_ROLES, AREA_SCOPED_ROLES, NATIONAL_ROLES, LocalArea, Membership, SpecialistAssignment
from ..panels import rendered_overview_panels


class AreaListView(LoginRequiredMixin, FilteredListMixin, ListView):
    """The areas a user may see, with a name filter."""

    template_name = "areas/area_list.html"
    context_object_name = "areas"
    filter_form_class = AreaFilterForm

    def dispatch(self, request, *args, **kwargs):
        # Only people who may read some area have a list of areas; community members and people
        # without a role reach nothing under /areas/.
        if request.user.is_authenticated:
            access = access_for(request)
            if not (access.sees_every_area or access.own_areas):
                raise Http404("No areas")
        return super().dispatch(request, *args, **kwargs)

    def unfiltered_rows(self):
        return access_for(self.request).visible_areas().order_by("-in_programme", "name")

    def filter_rows(self, areas, filters):
        if filters["q"]:
            areas = areas.filter(name__icontains=filters["q"])
        if filters["programme"]:
            areas = areas.filter(in_programme=filters["programme"] == "yes")
        return areas


class AreaOverviewView(AreaMixin, TemplateView):
    template_name = "areas/overview.html"

    def get_context_data(self, **kwargs):
        people = list(
            Membership.objects.active()
            .filter(area=self.area, role__in=AREA_SCOPED_ROLES)
            .select_related("user")
            .order_by("-role", "user__last_name", "user__first_name")
        )
        members = [m for m in people if m.role in AREA_ROLES]
        viewers = [m for m in people if m.role not in AREA_ROLES]
        panels = rendered_overview_panels(self.area, self.access, can_edit_area=self.access.can_edit_area(self.area))
        specialists = SpecialistAssignment.objects.active().filter(area=self.area).select_related("user")
        return super().get_context_data(
            members=members,
            area_viewers=viewers,
            specialists=specialists,
            panels=panels,
            is_area_viewer=self.access.is_area_viewer_of(self.area),
            **kwargs,
        )


class AreaUpdateView(ServiceFormMixin, AreaMixin, UpdateView):
    """CELCIS edits an area's details; clashing edits are caught by the record's version."""

    permission = Permission.CELCIS
    form_class = AreaForm
    template_name = "areas/area_form.html"
    success_message = "{obj.name} saved."

    def get_object(self, queryset=None):
        return self.area

    def perform(self, form):
        return services.area_update(
            area=LocalArea.objects.get(pk=self.area.pk),
            actor=self.request.user,
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self):
        return reverse("areas:overview", kwargs={"area_slug": self.area.slug})


class AreaHistoryView(AreaMixin, TemplateView):
    """Who changed the area's details and its memberships, and when."""

    template_name = "areas/history.html"

    def get_context_data(self, **kwargs):
        area_entries = history_entries(self.area.history.all(), describe=lambda r: "Area details")
        membership_history = Membership.history.filter(area_id=self.area.pk).select_related("user")
        member_entries = history_entries(membership_history, describe=lambda r: f"{r.user} – {r.get_role_display()}")
        entries = sorted(area_entries + member_entries, key=lambda e: e.when, reverse=True)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)


class MemberListView(AreaMixin, ListView):
    """Leads and CELCIS see and manage the area's members."""

    permission = Permission.LEAD
    template_name = "areas/member_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "memberships"

    def get_queryset(self):
        self.show_ended = self.request.GET.get("show") == "all"
        memberships = Membership.objects.filter(area=self.area, role__in=AREA_SCOPED_ROLES).select_related("user")
        if not self.show_ended:
            memberships = memberships.active()
        return memberships.order_by("ended_on", "-role", "user__last_name", "user__first_name")

    def get_context_data(self, **kwargs):
        specialists = SpecialistAssignment.objects.filter(area=self.area).select_related("user")
        if not self.show_ended:
            specialists = specialists.active()
        return super().get_context_data(
            show_ended=self.show_ended, specialists=specialists.order_by("ended_on", "user__last_name"), **kwargs
        )


class MemberAddView(ServiceFormMixin, AreaMixin, FormView):
    permission = Permission.LEAD
    form_class = AreaMemberAddForm
    template_name = "areas/member_add.html"

    def perform(self, form):
        return services.membership_add(actor=self.request.user, area=self.area, **form.cleaned_data)

    def get_success_message(self, membership):
        return f"{membership.user} added as {membership.get_role_display().lower()}."

    def get_success_url(self):
        return reverse("areas:members", kwargs={"area_slug": self.area.slug})


class AreaMembershipMixin(AreaRecordMixin):
    """Pages about one of the area's memberships (the area's leads and CELCIS)."""

    permission = Permission.LEAD
    membership = RecordFromUrl(
        Membership,
        select_related=("user", "area"),
        queryset=lambda view: Membership.objects.filter(area=view.area, role__in=AREA_SCOPED_ROLES),
    )

    def get_success_url(self):
        return reverse("areas:members", kwargs={"area_slug": self.area.slug})


class MemberRoleView(ServiceFormMixin, AreaMembershipMixin, FormView):
    form_class = AreaMemberRoleForm
    template_name = "areas/member_role.html"

    def get_initial(self):
        return {"role": self.membership.role}

    def perform(self, form):
        return services.membership_change_role(
            membership=self.membership, actor=self.request.user, role=form.cleaned_data["role"]
        )

    def get_success_message(self, membership):
        return f"{membership.user}'s role saved."


class MemberEndView(AreaMembershipMixin, ActionView):
    """Asks for confirmation on GET; ends the membership on POST."""

    confirm_template = "areas/member_end.html"

    def perform(self):
        services.membership_end(membership=self.membership, actor=self.request.user)
        return f"{self.membership.user}'s membership of {self.area} has ended."

    def get_failure_url(self):
        return self.get_success_url()


class MemberInviteView(AreaMembershipMixin, ActionView):
    """Sends the invitation again to someone who has not signed in yet (POST only)."""

    def perform(self):
        services.membership_invite_again(membership=self.membership, actor=self.request.user)
        return f"The invitation has been sent to {self.membership.user} again."


# --- National pages ---------------------------------------------------------------------------


class NationalOverviewView(NationalMixin, TemplateView):
    """Every local authority, programme areas first, with what the portal knows of each."""

    template_name = "areas/national.html"

    def get_context_data(self, **kwargs):
        areas = LocalArea.objects.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__ended_on__isnull=True, memberships__role__in=AREA_ROLES)
            )
        ).order_by("-in_programme", "name")
        areas = list(areas)
        programme = [a for a in areas if a.in_programme]
        others = [a for a in areas if not a.in_programme]
        # A CELCIS specialist sees the areas they support first, and may show only those.
        mine_ids = set(
            SpecialistAssignment.objects.active().filter(user=self.request.user).values_list("area_id", flat=True)
        )
        mine = [a for a in areas if a.pk in mine_ids]
        only_mine = bool(mine) and self.request.GET.get("areas") == "mine"
        return super().get_context_data(
            my_areas=mine,
            only_mine=only_mine,
            programme_areas=programme,
            other_areas=others,
            area_count=len(areas),
            **kwargs,
        )


class NationalPeopleView(FilteredListMixin, NationalMixin, ListView):
    """CELCIS manages the national roles: CELCIS staff, national viewers, Community of Practice members."""

    write = True
    template_name = "areas/national_people.html"
    context_object_name = "memberships"
    filter_form_class = NationalRoleFilterForm
    filter_lookups = {"role": "role"}

    def unfiltered_rows(self):
        memberships = Membership.objects.active().filter(role__in=NATIONAL_ROLES).select_related("user", "area")
        return memberships.order_by("role", "user__last_name", "user__first_name")


class NationalPersonAddView(ServiceFormMixin, NationalMixin, FormView):
    write = True
    form_class = NationalPersonAddForm
    template_name = "areas/national_person_add.html"

    def perform(self, form):
        return services.membership_add(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, membership):
        return f"{membership.user} added as {membership.get_role_display()}."

    def get_success_url(self):
        return reverse("areas:national_people")


class NationalPersonEndView(NationalMixin, RecordsFromUrlMixin, ActionView):
    """Asks for confirmation on GET; ends a national role on POST."""

    write = True
    confirm_template = "areas/national_person_end.html"
    membership = RecordFromUrl(
        Membership,
        select_related=("user", "area"),
        queryset=lambda view: Membership.objects.active().filter(role__in=NATIONAL_ROLES),
    )

    def perform(self):
        services.membership_end(membership=self.membership, actor=self.request.user)
        return f"{self.membership.user} no longer has the role {self.membership.get_role_display()}."

    def get_success_url(self):
        return reverse("areas:national_people")

    get_failure_url = get_success_url
