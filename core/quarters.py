"""Financial-year quarters, the portal's reporting period. Pure Python: no Django, no database.

Quarters follow the financial year: Q1 April–June … Q4 January–March; "2026-27 Q3" is
October–December 2026. A quarter appears in URLs as "2026-27-q3".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_LABEL = re.compile(r"^(\d{4})-(\d{2}) Q([1-4])$")
_SLUG = re.compile(r"^(\d{4})-(\d{2})-q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial-year quarter. `year` is the year the financial year starts (2026 for 2026-27)."""

    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter a date falls in."""
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def parse(cls, label: str) -> Quarter:
        """'2026-27 Q3' → Quarter(2026, 3)."""
        match = _LABEL.match(label.strip())
        if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
            raise ValueError(f"{label!r} is not a quarter like '2026-27 Q3'.")
        return cls(int(match.group(1)), int(match.group(3)))

    @property
    def start(self) -> date:
        month = 3 * self.number + 1  # Q1 → April, Q2 → July, Q3 → October, Q4 → January (+1 year)
        return date(self.year, month, 1) if month <= 12 else date(self.year + 1, month - 12, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def slug(self) -> str:
        """'2026-27-q3': the quarter as it appears in a URL."""
        return quarter_slug(self)

    def next(self) -> Quarter:
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def __str__(self) -> str:
        return self.label


def quarter_slug(quarter: Quarter) -> str:
    """'2026-27-q3': the quarter as it appears in a URL."""
    return f"{quarter.year}-{(quarter.year + 1) % 100:02d}-q{quarter.number}"


def parse_slug(slug: str) -> Quarter:
    """The quarter a URL names; ValueError for anything that is not one ('2026-27-q3')."""
    match = _SLUG.match(slug or "")
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        raise ValueError(f"{slug!r} is not a quarter like '2026-27-q3'.")
    return Quarter(int(match.group(1)), int(match.group(3)))


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from `first` to `last`, both included (empty if `last` comes first)."""
    quarters = []
    current = first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def recent_quarters(today: date, count: int) -> list[Quarter]:
    """The current quarter and the `count - 1` before it, newest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters
