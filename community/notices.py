"""What the Community of Practice tells people: their practice example sent back or published."""

from django.utils import timezone

from notifications.kinds import register_kind
from notifications.services import notify

EXAMPLE_REVIEWED = "community.example_reviewed"


def register_kinds() -> None:
    """Called from CommunityConfig.ready()."""
    register_kind(
        key=EXAMPLE_REVIEWED,
        label="Your practice example reviewed",
        description="CELCIS published your practice example, or sent it back with a comment.",
    )


def example_reviewed(example, *, published: bool, comment: str = "") -> None:
    """Tell the author what CELCIS decided."""
    verdict = "published" if published else "sent back with a comment"
    notify(
        kind=EXAMPLE_REVIEWED,
        recipients=[example.author],
        key=f"example:{example.pk}:{'published' if published else 'returned'}:{timezone.now().isoformat()}",
        title=f"Your practice example “{example.title}” was {verdict}",
        body=comment,
        url=example.get_absolute_url(),
    )
