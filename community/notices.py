"""What the Community of Practice tells people: their practice example sent back or published."""

from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import notify

REVIEWED = "community.example_reviewed"
KINDS = (
    Kind(
        REVIEWED,
        "Your practice example reviewed",
        "CELCIS published your example (or your changes to it) or sent it back.",
    ),
)


def example_reviewed(example, *, published: bool, comment: str = "") -> None:
    """Tell the author what CELCIS decided."""
    verdict = "published" if published else "sent back with a comment"
    key = f"example:{example.pk}:{verdict}:{timezone.now().isoformat()}"
    title = f"Your practice example “{example.title}” was {verdict}"
    notify(
        kind=REVIEWED, recipients=[example.author], key=key, title=title, body=comment, url=example.get_absolute_url()
    )


def changes_reviewed(revision, *, published: bool, comment: str = "") -> None:
    """Tell the example's author what CELCIS decided about the changes to their published example."""
    example = revision.example
    verdict = "published" if published else "sent back with a comment"
    key = f"example:{example.pk}:changes:{revision.pk}:{verdict}:{timezone.now().isoformat()}"
    title = f"Your changes to “{example.title}” were {verdict}"
    url = example.get_absolute_url() if published else revision.get_absolute_url()
    notify(kind=REVIEWED, recipients=[example.author], key=key, title=title, body=comment, url=url)
