"""Background jobs for areas and people. Thin: they take ids, reload, and do one thing."""

import logging

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(*, user_id: int, inviter_id: int, site_url: str) -> None:
    """Email a new account a link to choose its password (Django's password-reset link)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        logger.info("Invitation for user %s not sent: no active user with an email address", user_id)
        return
    inviter = User.objects.filter(pk=inviter_id).first()
    link = site_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "inviter": inviter,
        "link": link,
        "memberships": user.memberships.active().select_related("area"),
    }
    send_mail(
        subject="You have been added to the Addressing Neglect portal",
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sign-in sessions (scheduled nightly in settings.CELERY_BEAT_SCHEDULE)."""
    call_command("clearsessions")
