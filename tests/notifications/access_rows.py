"""Access-matrix rows for notifications: each person's own; unsubscribing works from an email's link."""

from tests.access import ANYONE, LOGIN, OK, SIGNED_IN, Row, as_post, expect
from tests.factories import UserFactory


def _someone_elses_notification(dundee):
    from notifications.models import Notification

    owner = UserFactory(username="t-notified")
    notification = Notification.objects.create(recipient=owner, kind="test", key="k", title="T", url="/")
    return {"pk": notification.pk}


def _unsubscribe_token(dundee):
    from notifications.services import unsubscribe_token

    return {"token": unsubscribe_token(user=UserFactory(username="t-unsubscriber"))}


ROWS = {
    "notifications:list": Row(get=SIGNED_IN),
    # Somebody else's notification: 404 for everyone signed in (nobody learns it exists).
    "notifications:open": Row(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN), kwargs=_someone_elses_notification
    ),
    "notifications:read_all": Row(get=expect(405, anonymous=LOGIN), post=as_post(SIGNED_IN)),
    "notifications:preferences": Row(get=SIGNED_IN, post=as_post(SIGNED_IN)),
    # The signed token is the key: no sign-in needed, as the link comes from an email.
    "notifications:unsubscribe": Row(get=ANYONE, post=expect(OK), kwargs=_unsubscribe_token),
    "notifications:unsubscribed": Row(get=ANYONE),
}
