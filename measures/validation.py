"""The rules every value must meet, whether typed into the grid or uploaded in a CSV file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.dates import day_label

from . import periods

MAX_VALUE = Decimal("9999999999")  # fits the value column (14 digits, 4 after the point)
FOUR_PLACES = Decimal("0.0001")
NOTE_LENGTH = 300
# Said next to the field wherever a count is given a fraction (grid, CSV upload, model validation).
WHOLE_NUMBER_MESSAGE = "Enter a whole number, like 12"


def whole_number_message(measure) -> str:
    """'Enter a whole number, like 12: this measure counts families.'"""
    unit = (measure.unit or "").strip()
    return f"{WHOLE_NUMBER_MESSAGE}: this measure counts {unit}." if unit else f"{WHOLE_NUMBER_MESSAGE}."


def is_whole(value) -> bool:
    return value is None or Decimal(value) == Decimal(value).to_integral_value()


@dataclass
class ValueEntry:
    """One period's figure as given by a person: a value, or a numerator and denominator."""

    period: date
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None and not self.note.strip()


def entry_problems(measure, entry: ValueEntry, *, today: date) -> list[str]:
    """Everything wrong with `entry` for `measure`, in words (empty when it can be saved)."""
    problems = []
    problem = periods.period_problem(measure.frequency, entry.period)
    if problem:
        problems.append(problem)
    elif entry.period > today:
        problems.append(f"{periods.period_label(measure.frequency, entry.period)} has not started yet.")
    elif entry.period < periods.EARLIEST:
        problems.append(f"{day_label(entry.period)} is before 2000: check the year.")
    if len(entry.note) > NOTE_LENGTH:
        problems.append(f"The note is {len(entry.note)} characters long; keep it to {NOTE_LENGTH}.")
    if measure.is_proportion:
        if entry.numerator is None or entry.denominator is None:
            problems.append("Give both the numerator and the denominator; the percentage is worked out from them.")
        elif entry.denominator == 0:
            problems.append("The denominator is 0, so there is no proportion: leave the period empty instead.")
        elif entry.numerator > entry.denominator:
            problems.append(
                f"The numerator ({entry.numerator}) is above the denominator ({entry.denominator}): "
                "a proportion cannot be more than 100%."
            )
        if (entry.numerator is not None and entry.numerator < 0) or (
            entry.denominator is not None and entry.denominator < 0
        ):
            problems.append("Counts cannot be negative.")
    else:
        if entry.numerator is not None or entry.denominator is not None:
            problems.append("This measure is not a proportion: give a value, not a numerator and denominator.")
        if entry.value is None:
            problems.append("Give a value.")
        elif entry.value < 0:
            problems.append("Values cannot be negative.")
        elif entry.value > MAX_VALUE:
            problems.append("This value is too large.")
        elif measure.is_count and not is_whole(entry.value):
            problems.append(whole_number_message(measure))
    return problems


def entry_value(measure, entry: ValueEntry) -> Decimal:
    """The figure charted for an entry: the value, or the percentage for a proportion."""
    if measure.is_proportion:
        return (Decimal(entry.numerator) * 100 / Decimal(entry.denominator)).quantize(FOUR_PLACES, ROUND_HALF_UP)
    return Decimal(entry.value).quantize(FOUR_PLACES, ROUND_HALF_UP)
