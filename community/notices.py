"""What the Community of Practice tells people: their practice example sent back or published."""

from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import notify

REVIEWED = "community.example_reviewed"
KINDS = (Kind(REVIEWED, "Your practice example reviewed", "CELCIS published your example or sent it back."),)


def example_reviewed(example, *, published: bool, comment: str = "") -> None:
    """Tell the author what CELCIS decided."""
    verdict = "published" if published else "sent back with a comment"
    key = f"example:{example.pk}:{verdict}:{timezone.now().isoformat()}"
    title = f"Your practice example “{example.title}” was {verdict}"
    notify(
        kind=REVIEWED, recipients=[example.author], key=key, title=title, body=comment, url=example.get_absolute_url()
    )
