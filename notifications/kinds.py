"""The kinds of notification, registered by the apps whose events they announce.

An app declares its kinds in its `notices.py` (`KINDS = (Kind(key, label, description), …)`) and
registers them from its AppConfig.ready() with `register_kinds(*notices.KINDS)`, as it registers an
overview panel, so this app never reaches into the others. Each person chooses, per kind, immediately / daily digest /
off; `default` is the choice of someone who has not chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

IMMEDIATE = "immediate"
DAILY = "daily"
OFF = "off"
DELIVERY_CHOICES = [
    (IMMEDIATE, "Email me straight away"),
    (DAILY, "Put it in one email a day"),
    (OFF, "No email (still listed in the portal)"),
]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    description: str
    default: str = IMMEDIATE


_KINDS: dict[str, Kind] = {}


def register_kind(*, key: str, label: str, description: str, default: str = IMMEDIATE) -> Kind:
    """Add (or replace) a kind of notification."""
    if default not in (IMMEDIATE, DAILY, OFF):
        raise ValueError(f"Unknown delivery {default!r} for {key}.")
    kind = Kind(key=key, label=label, description=description, default=default)
    _KINDS[key] = kind
    return kind


def register_kinds(*kinds: Kind) -> None:
    """Add (or replace) several kinds at once: an app's `notices.KINDS`."""
    for kind in kinds:
        register_kind(key=kind.key, label=kind.label, description=kind.description, default=kind.default)


def get_kind(key: str) -> Kind:
    """The registered kind (KeyError for one nobody registered: a typo should fail loudly)."""
    return _KINDS[key]


def all_kinds() -> list[Kind]:
    """Every registered kind, by label."""
    return sorted(_KINDS.values(), key=lambda kind: kind.label)
