"""A person's notifications, their email choices, and unsubscribing from an email's link."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView, TemplateView

from core.views import PAGE_SIZE, ActionView, ServiceFormMixin

from . import selectors, services
from .forms import PreferencesForm
from .kinds import get_kind
from .models import Notification, Preference
from .services import ALL_KINDS


class NotificationListView(LoginRequiredMixin, ListView):
    """The person's notifications, unread first by default, newest first."""

    template_name = "notifications/list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "notifications"

    def get_queryset(self):
        self.show_all = self.request.GET.get("show") == "all"
        rows = selectors.notifications_for(self.request.user)
        return rows if self.show_all else rows.filter(read_at__isnull=True)

    def get_context_data(self, **kwargs):
        return super().get_context_data(show_all=self.show_all, **kwargs)


class NotificationOpenView(LoginRequiredMixin, ActionView):
    """Mark one notification read and go to where it is acted on."""

    @cached_property
    def notification(self) -> Notification:
        # Only the person's own: anyone else's answers 404.
        return get_object_or_404(Notification, pk=self.kwargs["pk"], recipient=self.request.user)

    def perform(self):
        services.notification_mark_read(actor=self.request.user, notification=self.notification)
        return ""

    def get_success_url(self):
        return self.notification.url


class NotificationsReadAllView(LoginRequiredMixin, ActionView):
    """Mark every notification read."""

    def perform(self):
        count = services.notifications_mark_all_read(actor=self.request.user)
        return f"{count} notification{'s' if count != 1 else ''} marked read." if count else ""

    def get_success_url(self):
        return reverse("notifications:list")


class PreferencesView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Per kind of notification: email straight away, in a daily email, or not at all."""

    template_name = "notifications/preferences.html"
    success_message = "Your email choices are saved."

    def get_form(self, form_class=None):
        current = dict(Preference.objects.filter(user=self.request.user).values_list("kind", "delivery"))
        return PreferencesForm(self.request.POST or None, current=current)

    def perform(self, form):
        services.preferences_save(actor=self.request.user, choices=form.cleaned_data)

    def get_success_url(self):
        return reverse("notifications:preferences")


class UnsubscribeView(ActionView):
    """From an email's link (no sign-in needed: the signed token says who): confirm, then stop."""

    confirm_template = "notifications/unsubscribe.html"

    @cached_property
    def target(self) -> tuple[int, str]:
        try:
            user_id, kind = services.read_unsubscribe_token(self.kwargs["token"])
            if kind != ALL_KINDS:
                get_kind(kind)
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            raise Http404("This unsubscribe link is not valid.") from None
        return user_id, kind

    def get_context_data(self, **kwargs):
        _, kind = self.target
        label = "any email from the portal" if kind == ALL_KINDS else f"emails about “{get_kind(kind).label}”"
        return super().get_context_data(what=label, **kwargs)

    def perform(self):
        user_id, kind = self.target
        services.unsubscribe(user_id=user_id, kind=kind)
        return "You will get no more of these emails. You can change this on your email choices page."

    def get_success_url(self):
        return reverse("notifications:unsubscribed")


class UnsubscribedView(TemplateView):
    """Where unsubscribing ends: what happened, and where to change it back."""

    template_name = "notifications/unsubscribed.html"
