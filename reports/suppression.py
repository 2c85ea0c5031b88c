"""Disclosure control for anything published beyond an area (shared/DOMAIN.md "Disclosure control").
Pure Python.

One `Register` holds every figure of one output (a report and its annex, or an export), keyed by what
the figure is (an area's local team members, an innovation's practitioners at fidelity…), so the same
figure has one value and one protection wherever it appears:

- **Counts of people** (`people`): 1 to threshold − 1 are hidden as "<5" (primary suppression);
  zeros are shown.
- **Counts of things** (`thing`: meetings, PDSA cycles, actions, stage changes…) are never hidden for
  their own sake.
- **Time of a group of people** (`time`: FTE or hours): hidden ("[c]") when the group's head count is
  small, and the head count with it.
- **Percentages** (`percent`): hidden ("[c]") when the denominator is below the threshold, or the
  numerator or denominator is hidden. They are worked out last, from the final state of their parts.
- **Equations** (`relate`, `total`): parts that add up to a total shown somewhere in the output, in
  the same table or another. With exactly one of an equation's figures hidden, it could be worked
  out (total minus the others), so one more is hidden: the smallest shown part (a zero last), or the
  total when there is nothing else (secondary suppression, "[c]"). **Bounds** (`squeeze`): a hidden
  figure that lies between two shown ones that are equal (trained between at fidelity and intended)
  is known exactly, so the lower one is hidden too. Repeated until nothing changes.

`suppress_table` and `suppress_column` apply the same register to one table of counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

PRIMARY = "primary"
SECONDARY = "secondary"
SECONDARY_LABEL = "[c]"
FOOTNOTE = (
    'Counts of people from 1 to {below} are shown as "<{threshold}" so that nobody can be identified; "[c]" marks '
    "a figure withheld so that a hidden count cannot be worked out (from a total, or a percentage), or the time "
    "of fewer than {threshold} people. Counts of things (meetings, cycles, actions) are shown as they are."
)

PEOPLE = "people"
THING = "thing"
TIME = "time"
PERCENT = "percent"


def footnote(threshold: int) -> str:
    """The sentence that explains the symbols under every published table."""
    return FOOTNOTE.format(below=threshold - 1, threshold=threshold)


def hidden_label(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value, threshold: int) -> bool:
    """A count of people that must not be published: 1 to threshold − 1."""
    return value is not None and 0 < value < threshold


def show(value: int | None, threshold: int) -> str:
    """One count on its own (no total beside it): the count, "<5", or "—" for no figure."""
    if value is None:
        return "—"
    return hidden_label(threshold) if is_small(value, threshold) else str(value)


@dataclass
class Figure:
    key: tuple
    value: object  # int, Decimal or None (no figure)
    kind: str
    group: tuple | None = None  # TIME: the head count of the group whose time it is
    numerator: object = None  # PERCENT: a key, or a plain number not shown anywhere
    denominator: object = None


@dataclass
class Register:
    """Every figure of one output and the relations between them; see the module docstring.

    `protect=False` (an area's own report, CELCIS's exports) registers the same figures and shows
    them all exactly, so both kinds of output are built by one path.
    """

    threshold: int
    protect: bool = True
    figures: dict[tuple, Figure] = field(default_factory=dict)
    equations: list[tuple[list[tuple], tuple]] = field(default_factory=list)
    squeezes: list[tuple[tuple, tuple, tuple]] = field(default_factory=list)
    reasons: dict[tuple, str] = field(default_factory=dict)
    resolved: bool = False

    def __post_init__(self):
        if self.threshold < 1:
            raise ValueError("The small-numbers threshold must be at least 1.")

    def _add(self, figure: Figure) -> tuple:
        known = self.figures.get(figure.key)
        if known is not None:
            # One figure, one value: two tables must never give different values for the same thing.
            if known.value != figure.value or known.kind != figure.kind:
                raise ValueError(f"{figure.key} is {known.value!r} in one place and {figure.value!r} in another.")
            return figure.key
        whole = figure.value is None or (figure.value >= 0 and int(figure.value) == figure.value)
        if figure.kind in (PEOPLE, THING) and not whole:
            raise ValueError(f"Counts are whole numbers of zero or more, not {figure.value!r}.")
        self.figures[figure.key] = figure
        self.resolved = False
        return figure.key

    def people(self, key: tuple, value: int | None) -> tuple:
        """A count of people (practitioners, team members, participants, attendances)."""
        return self._add(Figure(key, value, PEOPLE))

    def thing(self, key: tuple, value) -> tuple:
        """A count of things, or any figure that identifies nobody (a score, a median of days)."""
        return self._add(Figure(key, value, THING))

    def time(self, key: tuple, value, *, group: tuple) -> tuple:
        """The dedicated time (FTE or hours) of the people counted by `group`."""
        return self._add(Figure(key, value, TIME, group=group))

    def percent(self, key: tuple, value, *, numerator=None, denominator=None) -> tuple:
        """A percentage of people: `numerator` and `denominator` are keys of figures in this register,
        lists of keys (their sum), or plain numbers for parts that are not shown anywhere."""
        return self._add(Figure(key, value, PERCENT, numerator=numerator, denominator=denominator))

    def relate(self, parts: Sequence[tuple], total: tuple) -> None:
        """Declare that the figures `parts` add up to `total` (all already in the register)."""
        self.equations.append((list(parts), total))
        self.resolved = False

    def total(self, key: tuple, parts: Sequence[tuple]) -> tuple:
        """A total of figures of one kind, shown somewhere: added, and related to its parts."""
        kinds = {self.figures[p].kind for p in parts}
        kind = kinds.pop() if len(kinds) == 1 else THING
        present = [self.figures[p].value for p in parts if self.figures[p].value is not None]
        value = sum(present, Decimal(0) if kind == TIME else 0) if present else None
        self._add(Figure(key, value, kind, group=key if kind == TIME else None))
        if kind == TIME:
            groups = [self.figures[p].group for p in parts]
            self.figures[key].group = ("sum", *groups)
        self.relate(parts, key)
        return key

    def squeeze(self, lower: tuple, middle: tuple, upper: tuple) -> None:
        """Declare lower ≤ middle ≤ upper (at fidelity ≤ trained ≤ intended)."""
        self.squeezes.append((lower, middle, upper))
        self.resolved = False

    # --- Working out what is hidden -----------------------------------------------------------------

    def _value(self, key):
        figure = self.figures.get(key)
        return figure.value if figure else None

    def _group_size(self, group) -> int | None:
        if group and group[0] == "sum":
            sizes = [self._group_size(g) for g in group[1:]]
            return sum(s for s in sizes if s is not None) if any(s is not None for s in sizes) else None
        return self._value(group)

    def _small_group(self, figure: Figure) -> bool:
        return bool(figure.group) and is_small(self._group_size(figure.group), self.threshold)

    def resolve(self) -> None:
        """Primary suppression, then secondary suppression over every equation until stable."""
        self.reasons = {}
        if self.protect:
            for key, figure in self.figures.items():
                if figure.kind == PEOPLE and is_small(figure.value, self.threshold):
                    self.reasons[key] = PRIMARY
                elif figure.kind == TIME and figure.value is not None and self._small_group(figure):
                    self.reasons[key] = SECONDARY
                    if figure.group in self.figures:
                        self.reasons.setdefault(figure.group, PRIMARY)
            changed = True
            while changed:
                changed = self._secondary_pass() | self._squeeze_pass()
        self.resolved = True

    def _secondary_pass(self) -> bool:
        changed = False
        order = {key: index for index, key in enumerate(self.figures)}
        for parts, total in self.equations:
            members = [p for p in [*parts, total] if self._value(p) is not None]
            hidden = [p for p in members if p in self.reasons]
            if len(hidden) != 1:
                continue
            candidates = [p for p in parts if self._value(p) is not None and p not in self.reasons]
            # The smallest figure gives away least; prefer a real one over a zero; the total last.
            chosen = (
                min(candidates, key=lambda p: (self._value(p) == 0, self._value(p), order[p])) if candidates else total
            )
            self.reasons[chosen] = SECONDARY
            changed = True
        return changed

    def _squeeze_pass(self) -> bool:
        changed = False
        for lower, middle, upper in self.squeezes:
            values = [self._value(k) for k in (lower, middle, upper)]
            if None in values or middle not in self.reasons:
                continue
            if lower not in self.reasons and upper not in self.reasons and values[0] == values[2]:
                self.reasons[lower] = SECONDARY
                changed = True
        return changed

    def _percent_hidden(self, figure: Figure) -> bool:
        def part(ref):
            if isinstance(ref, tuple):
                return self._value(ref), ref in self.reasons
            if isinstance(ref, list):  # a sum of registered figures: hidden when any of them is, or small
                values = [self._value(key) for key in ref]
                total = sum(v for v in values if v is not None) if ref else None
                return total, any(key in self.reasons for key in ref) or is_small(total, self.threshold)
            return ref, is_small(ref, self.threshold)

        numerator, numerator_hidden = part(figure.numerator)
        denominator, denominator_hidden = part(figure.denominator)
        if denominator is None:
            return True  # a percentage of people whose base is unknown cannot be judged safe
        return numerator_hidden or denominator_hidden or denominator < self.threshold

    # --- Reading the result --------------------------------------------------------------------------

    def is_hidden(self, key: tuple) -> bool:
        if not self.resolved:
            self.resolve()
        figure = self.figures[key]
        if not self.protect or figure.value is None:
            return False
        if figure.kind == PERCENT:
            return self._percent_hidden(figure)
        return key in self.reasons

    def label(self, key: tuple) -> str | None:
        """The symbol shown in place of a hidden figure ("<5" or "[c]"), or None when it is shown."""
        if not self.is_hidden(key):
            return None
        if self.reasons.get(key) == PRIMARY:
            return hidden_label(self.threshold)
        return SECONDARY_LABEL

    def value(self, key: tuple):
        return self.figures[key].value

    def hidden_keys(self) -> list[tuple]:
        return [key for key in self.figures if self.is_hidden(key)]


# --- One table of counts -----------------------------------------------------------------------------


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


def suppress_table(
    values: Sequence[Sequence[int | None]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
) -> SuppressedTable:
    """Apply primary and secondary suppression to a table of counts of people and its totals."""
    register = Register(threshold=threshold)
    rows = [list(row) for row in values]
    width = max((len(row) for row in rows), default=0)
    if any(len(row) != width for row in rows):
        raise ValueError("Every row of the table must have the same number of counts.")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            register.people(("cell", r, c), value)
    if row_totals:
        for r in range(len(rows)):
            register.total(("row_total", r), [("cell", r, c) for c in range(width)])
    if column_totals:
        for c in range(width):
            register.total(("column_total", c), [("cell", r, c) for r in range(len(rows))])
    if row_totals and column_totals:
        register.total(("grand_total",), [("row_total", r) for r in range(len(rows))])
        register.relate([("column_total", c) for c in range(width)], ("grand_total",))
    register.resolve()

    def text(position):
        value = register.value(position)
        if value is None:
            return "—"
        return register.label(position) or str(value)

    return SuppressedTable(
        cells=[[text(("cell", r, c)) for c in range(width)] for r in range(len(rows))],
        row_totals=[text(("row_total", r)) for r in range(len(rows))] if row_totals else None,
        column_totals=[text(("column_total", c)) for c in range(width)] if column_totals else None,
        grand_total=text(("grand_total",)) if row_totals and column_totals else None,
        reasons={k: v for k, v in register.reasons.items() if register.is_hidden(k)},
    )


def suppress_column(
    values: Sequence[int | None], *, threshold: int, total: bool = True
) -> tuple[list[str], str | None]:
    """One column of counts (one per area, say) with its total: (shown counts, shown total)."""
    if not values:
        return [], ("—" if total else None)
    table = suppress_table([[v] for v in values], threshold=threshold, row_totals=False, column_totals=total)
    return [row[0] for row in table.cells], (table.column_totals[0] if total else None)
