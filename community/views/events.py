"""Events: the list, each event, organising, registering, attendance, materials and calendar files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from areas.access import CommunityMixin
from core.locking import StaleEdit

from .. import calendar, rules, selectors, services
from ..forms import AttachmentForm, AttendanceForm, EventForm, default_event_times
from ..models import Event, RegistrationStatus
from ._helpers import PAGE_SIZE, CommunityPage, apply_errors, community_view, error_text, stale


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

    @cached_property
    def event(self):
        return get_object_or_404(
            selectors.events_for(self.request.user).select_related("created_by"), pk=self.kwargs["pk"]
        )

    def check_permission(self):
        if self.manage and not rules.can_manage_event(self.access, self.event):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, can_manage=rules.can_manage_event(self.access, self.event), **kwargs
        )


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


class EventCreateView(CommunityPage, FormView):
    """CELCIS and area leads organise events."""

    write = True
    form_class = EventForm
    template_name = "community/event_form.html"

    def check_permission(self):
        if not rules.can_organise_events(self.access):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_initial(self):
        return default_event_times()

    def form_valid(self, form):
        try:
            event = services.event_save(actor=self.request.user, data=form.event_data())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{event}” added to the events.")
        return redirect(event)


class EventUpdateView(EventMixin, FormView):
    manage = True
    write = True
    form_class = EventForm
    template_name = "community/event_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access, "instance": Event.objects.get(pk=self.event.pk)}

    def form_valid(self, form):
        try:
            services.event_save(
                actor=self.request.user,
                data=form.event_data(),
                event=self.event,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.event)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{form.cleaned_data['title']}” saved.")
        return redirect("community:event_detail", pk=self.event.pk)


@community_view()
def event_ics(request, access, pk):
    """The event as an .ics file for people's calendars."""
    event = get_object_or_404(Event.objects.select_related("host_area"), pk=pk)
    body = calendar.event_ics(event, url=request.build_absolute_uri(event.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-event-{event.pk}.ics"'
    return response


@require_POST
@community_view(write=True)
def event_register(request, access, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        services.event_register(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"You are registered for “{event}”. Add it to your calendar with the .ics file.")
    return redirect(event)


@require_POST
@community_view(write=True)
def event_withdraw(request, access, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        services.event_withdraw(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"You have withdrawn from “{event}”.")
    return redirect(event)


class EventAttendanceView(EventMixin, FormView):
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

    def form_valid(self, form):
        try:
            changed = services.event_attendance_record(
                event=self.event, actor=self.request.user, attended=form.attendance()
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Attendance saved ({changed} changed).")
        return redirect("community:event_attendance", pk=self.event.pk)


class EventMaterialAddView(EventMixin, FormView):
    manage = True
    form_class = AttachmentForm
    template_name = "community/attachment_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.event, parent_kind="event", **kwargs)

    def form_valid(self, form):
        try:
            attachment = services.attachment_add(
                actor=self.request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                event=Event.objects.get(pk=self.event.pk),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{attachment}” added to the event's materials.")
        return redirect(reverse("community:event_detail", kwargs={"pk": self.event.pk}) + "#materials")
