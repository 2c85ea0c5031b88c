"""Events: the list, each event, organising, registering, attendance, materials and calendar files."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView, ListView

from areas.access import CommunityMixin
from core.views import PAGE_SIZE, ActionView, RecordFromUrl

from .. import calendar, rules, selectors, services
from ..forms import AttendanceForm, EventForm, default_event_times
from ..models import Event, RegistrationStatus
from ._helpers import AttachmentAddMixin, CommunityFormMixin, CommunityPage, community_view


class EventListView(CommunityMixin, ListView):
    """Upcoming events, soonest first; or past ones, most recent first."""

    template_name = "community/event_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "events"

    def get_queryset(self):
        self.show_past = self.request.GET.get("show") == "past"
        if self.show_past:
            return selectors.past_events(self.request.user)
        return selectors.upcoming_events(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            show_past=self.show_past, can_organise=rules.can_organise_events(self.access), **kwargs
        )


class EventMixin(CommunityPage):
    """Loads the event in the URL; `manage = True` limits the page to its organisers (403 otherwise)."""

    manage = False
    event = RecordFromUrl(
        Event, queryset=lambda view: selectors.events_for(view.request.user).select_related("created_by")
    )

    def check_permission(self):
        if self.manage and not rules.can_manage_event(self.access, self.event):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=rules.can_manage_event(self.access, self.event), **kwargs)


class EventDetailView(EventMixin, DetailView):
    template_name = "community/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return self.event

    def get_context_data(self, **kwargs):
        event = self.event
        now = timezone.now()
        materials = list(event.materials.select_related("uploaded_by"))
        return super().get_context_data(
            materials=materials,
            has_started=event.starts_at <= now,
            has_finished=event.ends_at < now,
            **kwargs,
        )


class EventCreateView(CommunityFormMixin, CommunityPage, FormView):
    """CELCIS and area leads organise events."""

    form_class = EventForm
    template_name = "community/event_form.html"
    success_message = "“{obj}” added to the events."

    def check_permission(self):
        if not rules.can_organise_events(self.access):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_initial(self):
        return default_event_times()

    def perform(self, form):
        return services.event_save(actor=self.request.user, data=form.event_data())


class EventUpdateView(CommunityFormMixin, EventMixin, FormView):
    manage = True
    form_class = EventForm
    template_name = "community/event_form.html"
    success_message = "“{obj.title}” saved."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access, "instance": Event.objects.get(pk=self.event.pk)}

    def perform(self, form):
        return services.event_save(
            actor=self.request.user,
            data=form.event_data(),
            event=self.event,
            expected_version=form.cleaned_data["version"],
        )


@community_view()
def event_ics(request, access, pk):
    """The event as an .ics file for people's calendars."""
    event = get_object_or_404(Event.objects.select_related("host_area"), pk=pk)
    body = calendar.event_ics(event, url=request.build_absolute_uri(event.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-event-{event.pk}.ics"'
    return response


class EventRegisterView(EventMixin, ActionView):
    """Say you will attend an event that has not started."""

    def perform(self) -> str:
        services.event_register(event=self.event, actor=self.request.user)
        return f"You are registered for “{self.event}”. Add it to your calendar with the .ics file."

    def get_success_url(self):
        return self.event.get_absolute_url()


class EventWithdrawView(EventRegisterView):
    """Withdraw from an event that has not started."""

    def perform(self) -> str:
        services.event_withdraw(event=self.event, actor=self.request.user)
        return f"You have withdrawn from “{self.event}”."


class EventAttendanceView(CommunityFormMixin, EventMixin, FormView):
    """Organisers see who registered and record who actually attended."""

    manage = True
    form_class = AttendanceForm
    template_name = "community/event_attendance.html"

    @cached_property
    def registrations(self):
        return list(selectors.event_registrations(self.event))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registrations": self.registrations}

    def get_context_data(self, **kwargs):
        registered = [r for r in self.registrations if r.status == RegistrationStatus.REGISTERED]
        return super().get_context_data(
            registrations=self.registrations,
            registered_count=len(registered),
            attended_count=sum(1 for r in self.registrations if r.attended),
            has_started=self.event.starts_at <= timezone.now(),
            **kwargs,
        )

    def perform(self, form):
        return services.event_attendance_record(event=self.event, actor=self.request.user, attended=form.attendance())

    def get_success_message(self, changed):
        return f"Attendance saved ({changed} changed)."

    def get_success_url(self):
        return reverse("community:event_attendance", kwargs={"pk": self.event.pk})


class EventMaterialAddView(AttachmentAddMixin, EventMixin, FormView):
    manage = True
    attached_to = "event"
    files_anchor = "#materials"
    success_message = "“{obj}” added to the event's materials."
