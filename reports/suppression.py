"""The small-numbers rule for anything published beyond an area. Pure Python.

Counts from 1 to threshold − 1 (1 to 4 with the default threshold of 5) are shown as "<5"
(primary suppression). Where a total is shown, a row or column with exactly one hidden count would
let a reader work it out (total minus the others), and a hidden total whose counts are all shown is
just their sum; so one more figure in that row or column is hidden too (secondary suppression):
the smallest shown count, or the total itself when there is no other count to hide. A count hidden
for that reason is not small, so it is shown as "[c]" (the UK statistics symbol for a figure
withheld for confidentiality), never as "<5". Hiding a count can expose another row or column, so
the rule is applied again until nothing changes. Zeros are shown (nobody can be identified by a
zero) unless hiding one is needed to protect a neighbour; None means "no figure" and is never
counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_LABEL = "[c]"
FOOTNOTE = (
    'Counts from 1 to {below} are shown as "<{threshold}" so that nobody can be identified; "[c]" marks a '
    "count withheld so that a hidden count cannot be worked out from a total."
)


def footnote(threshold: int) -> str:
    """The sentence that explains the symbols under every published table."""
    return FOOTNOTE.format(below=threshold - 1, threshold=threshold)


def hidden_label(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int | None, threshold: int) -> bool:
    """A count that must not be published: 1 to threshold − 1."""
    return value is not None and 0 < value < threshold


def show(value: int | None, threshold: int) -> str:
    """One count on its own (no total beside it): the count, "<5", or "—" for no figure."""
    if value is None:
        return "—"
    return hidden_label(threshold) if is_small(value, threshold) else str(value)


@dataclass
class SuppressedTable:
    """Counts (rows × columns) with their row totals, column totals and grand total, as shown.

    `cells[r][c]`, `row_totals[r]`, `column_totals[c]` and `grand_total` are display strings;
    `reasons` maps a position to PRIMARY or SECONDARY for every hidden figure. Positions are
    ("cell", r, c), ("row_total", r), ("column_total", c) and ("grand_total",).
    """

    cells: list[list[str]]
    row_totals: list[str] | None
    column_totals: list[str] | None
    grand_total: str | None
    reasons: dict[tuple, str] = field(default_factory=dict)

    def is_hidden(self, position: tuple) -> bool:
        return position in self.reasons


def _total(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def suppress_table(
    values: Sequence[Sequence[int | None]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
) -> SuppressedTable:
    """Apply primary and secondary suppression to a table of counts and the totals shown with it."""
    if threshold < 1:
        raise ValueError("The small-numbers threshold must be at least 1.")
    rows = [list(row) for row in values]
    width = max((len(row) for row in rows), default=0)
    if any(len(row) != width for row in rows):
        raise ValueError("Every row of the table must have the same number of counts.")

    figures: dict[tuple, int | None] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and (value < 0 or int(value) != value):
                raise ValueError(f"Counts are whole numbers of zero or more, not {value!r}.")
            figures[("cell", r, c)] = value
    if row_totals:
        for r, row in enumerate(rows):
            figures[("row_total", r)] = _total(row)
    if column_totals:
        for c in range(width):
            figures[("column_total", c)] = _total(row[c] for row in rows)
    if row_totals and column_totals:
        figures[("grand_total",)] = _total(v for row in rows for v in row)

    reasons = {position: PRIMARY for position, value in figures.items() if is_small(value, threshold)}

    # Each line is a set of figures that add up to a total shown with them.
    lines: list[tuple[list[tuple], tuple]] = []
    if row_totals:
        lines += [([("cell", r, c) for c in range(width)], ("row_total", r)) for r in range(len(rows))]
        if column_totals:
            lines.append(([("row_total", r) for r in range(len(rows))], ("grand_total",)))
    if column_totals:
        lines += [([("cell", r, c) for r in range(len(rows))], ("column_total", c)) for c in range(width)]
        if row_totals:
            lines.append(([("column_total", c) for c in range(width)], ("grand_total",)))

    # A line is an equation (its parts add up to its total): with exactly one of its figures hidden,
    # that figure can be worked out from the others, whether it is a part or the total.
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            members = [p for p in [*parts, total] if figures.get(p) is not None]
            hidden = [p for p in members if p in reasons]
            if len(hidden) != 1:
                continue
            candidates = [p for p in parts if figures.get(p) is not None and p not in reasons]
            # The smallest count gives away least; prefer a real count over a zero; the total last.
            chosen = min(candidates, key=lambda p: (figures[p] == 0, figures[p], p)) if candidates else total
            reasons[chosen] = SECONDARY
            changed = True

    def text(position):
        value = figures.get(position)
        if value is None:
            return "—"
        if position not in reasons:
            return str(value)
        return hidden_label(threshold) if reasons[position] == PRIMARY else SECONDARY_LABEL

    return SuppressedTable(
        cells=[[text(("cell", r, c)) for c in range(width)] for r in range(len(rows))],
        row_totals=[text(("row_total", r)) for r in range(len(rows))] if row_totals else None,
        column_totals=[text(("column_total", c)) for c in range(width)] if column_totals else None,
        grand_total=text(("grand_total",)) if row_totals and column_totals else None,
        reasons=reasons,
    )


def suppress_column(
    values: Sequence[int | None], *, threshold: int, total: bool = True
) -> tuple[list[str], str | None]:
    """One column of counts (one per area, say) with its total: (shown counts, shown total)."""
    if not values:
        return [], ("—" if total else None)
    table = suppress_table([[v] for v in values], threshold=threshold, row_totals=False, column_totals=total)
    return [row[0] for row in table.cells], (table.column_totals[0] if total else None)
