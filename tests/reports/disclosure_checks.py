"""Checks that no hidden figure of a published output can be worked out: within each table (a total
minus its shown parts) and across tables (the register's equations, totals in other tables included)."""

HIDDEN = {"<5", "[c]"}


def _hidden(cell) -> bool:
    return str(cell) in HIDDEN


def _number(cell) -> bool:
    value = getattr(cell, "value", cell)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def recoverable_in_tables(tables) -> list[str]:
    """Every column (and a last "Total" column's rows) where exactly one figure is hidden, the rest
    shown as numbers, and the total shown beside them: that figure is total minus the others."""
    found = []
    for table in tables:
        rows = [list(r) for r in table.rows]
        if table.total:
            for column in range(1, len(table.headers)):
                line = [row[column] for row in rows if column < len(row)] + [table.total[column]]
                if any(not (_hidden(c) or _number(c)) for c in line):
                    continue
                if sum(_hidden(c) for c in line) == 1:
                    found.append(f"{table.caption}: column {table.headers[column]}")
        if table.headers and table.headers[-1].startswith("Total"):
            for row in [*rows, *([list(table.total)] if table.total else [])]:
                line = row[1:]
                if all(_hidden(c) or _number(c) for c in line) and sum(_hidden(c) for c in line) == 1:
                    found.append(f"{table.caption}: row {row[0]}")
    return found


def recoverable_in_register(register) -> list[str]:
    """Every equation of the register (across the whole output) with exactly one figure hidden."""
    found = []
    for parts, total in register.equations:
        members = [k for k in [*parts, total] if register.value(k) is not None]
        if sum(register.is_hidden(k) for k in members) == 1:
            found.append(f"{total} = sum of {parts}")
    for lower, middle, upper in register.squeezes:
        shown = not register.is_hidden(lower) and not register.is_hidden(upper)
        if register.is_hidden(middle) and shown and register.value(lower) == register.value(upper):
            found.append(f"{middle} lies between two equal shown figures")
    return found
