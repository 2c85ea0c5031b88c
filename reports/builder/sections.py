"""The report's first sections (returns, stages, teams, innovations), built from the included areas'
parts (plain dictionaries). Every figure about people goes into the output's one register (`reg`)
and reaches a table as a `Ref`; counts of things are shown as they are (`number`).
"""

from __future__ import annotations

from decimal import Decimal

from .report import Cell, Ref, Section, Table, day, number


def _area(part: dict) -> str:
    return part["area"]["name"]


def _sum_cells(cells: list[Cell]) -> Cell:
    present = [c.value for c in cells if isinstance(c.value, (int, float))]
    return number(sum(present)) if present else number(None)


def returns_section(parts: list[dict], national: bool) -> Section:
    rows = []
    for part in parts:
        facts = part["return"]
        on_time = {True: "Yes", False: "No", None: "—"}[facts["on_time"]]
        rows.append(
            [
                _area(part),
                facts["status_label"],
                day(facts["submitted_on"]),
                day(facts["accepted_on"]),
                on_time,
                "Yes" if part["included"] else "No",
            ]
        )
    intro = (
        "This report is built from accepted returns only."
        if national
        else "The area's return for the quarter and where this report's figures come from: "
        + (parts[0]["source"] if parts else "")
        + "."
    )
    table = Table(
        caption="Returns for the quarter",
        headers=["Area", "Return", "First submitted", "Accepted", "On time", "In this report"],
        rows=rows,
        sheet="Returns",
    )
    return Section(id="returns", title="Returns", intro=intro, tables=[table])


def _progress_cell(row: dict | None) -> Cell:
    if row is None:
        return Cell("—", None)
    percent = "" if row["percent"] is None else f" ({row['percent']}%)"
    return Cell(f"{row['done']} of {row['total']}{percent}", row["percent"])


def merged_order(lists: list[list[tuple]]) -> list[tuple]:
    """Every (key, label) of several ordered lists once, each list's order kept: an entry not yet
    placed goes just after the entry before it in its own list (the first, when it has none)."""
    merged: list[tuple] = []
    for entries in lists:
        for index, entry in enumerate(entries):
            if entry in merged:
                continue
            before = next((e for e in reversed(entries[:index]) if e in merged), None)
            merged.insert(merged.index(before) + 1 if before else 0, entry)
    return merged


def stages_section(included: list[dict]) -> Section:
    rows, innovations, moves = [], [], []
    order = merged_order(
        [[(row["stage"], row["label"]) for row in p["snapshot"]["stages"]["programme"]["progress"]] for p in included]
    )
    for part in included:
        stages = part["snapshot"]["stages"]
        programme = stages["programme"]
        progress = {row["stage"]: row for row in programme["progress"]}
        rows.append(
            [_area(part), programme["label"], day(programme["entered_on"])]
            + [_progress_cell(progress.get(stage)) for stage, _ in order]
        )
        for innovation in stages["innovations"]:
            innovations.append([_area(part), innovation["name"], innovation["label"], day(innovation["entered_on"])])
        moves.append([_area(part), number(len(stages["changes"])), number(stages["activities_completed_count"])])
    tables = [
        Table(
            caption="The programme's stage and progress through each stage's activities",
            headers=["Area", "Programme stage", "Since"] + [f"{label} (% done)" for _, label in order],
            rows=rows,
            sheet="Stage progress",
        ),
        Table(
            caption="Stage changes and activities completed in the quarter",
            headers=["Area", "Stage changes", "Activities completed"],
            rows=moves,
            total=["Total", _sum_cells([r[1] for r in moves]), _sum_cells([r[2] for r in moves])],
            sheet="Stage changes",
        ),
    ]
    if innovations:
        tables.append(
            Table(
                caption="Each innovation's stage",
                headers=["Area", "Innovation", "Stage", "Since"],
                rows=innovations,
                sheet="Innovation stages",
            )
        )
    return Section(id="stages", title="Implementation stages", tables=tables)


def _organisations(teams: dict) -> dict[str, dict]:
    """Local partners' rows by organisation (CELCIS staff are apart, under "celcis")."""
    return {row["organisation"]: row for row in teams["by_organisation"]}


def _partner_grid(included: list[dict], reg, kind: str) -> tuple[list[list], list]:
    """Local partners' head counts (`kind="members"`) or FTE by organisation (rows) and area (columns),
    with a total for each row and column; the column totals are each area's local team figures."""
    used = merged_order(
        [[(row["organisation"], row["label"]) for row in p["snapshot"]["teams"]["by_organisation"]] for p in included]
    )
    rows, columns = [], {p["area"]["id"]: [] for p in included}
    for organisation, label in used:
        row_keys = []
        for part in included:
            found = _organisations(part["snapshot"]["teams"]).get(organisation)
            area_id = part["area"]["id"]
            members_key = (area_id, "teams", organisation, "members")
            reg.people(members_key, found["members"] if found else 0)
            if kind == "members":
                key = members_key
            else:
                key = reg.time(
                    (area_id, "teams", organisation, "fte"),
                    Decimal(found["fte"]) if found else Decimal(0),
                    group=members_key,
                )
            row_keys.append(key)
            columns[area_id].append(key)
        total = reg.total(("all", "teams", organisation, kind), row_keys)
        rows.append([label, *(Ref(k) for k in row_keys), Ref(total)])
    area_totals = [
        reg.total((part["area"]["id"], "teams", "local", kind), columns[part["area"]["id"]]) for part in included
    ]
    grand = reg.total(("all", "teams", "local", kind), area_totals)
    reg.relate([("all", "teams", organisation, kind) for organisation, _ in used], grand)
    return rows, ["Total", *(Ref(k) for k in area_totals), Ref(grand)]


def _capacity_table(included: list[dict], note: str) -> Table:
    """Each area's local team (the totals of the partner tables), meetings and actions."""
    capacity = []
    for part in included:
        teams, area_id = part["snapshot"]["teams"], part["area"]["id"]
        capacity.append(
            [
                _area(part),
                Ref((area_id, "teams", "local", "members")),
                Ref((area_id, "teams", "local", "fte")),
                *(
                    number(teams[key])
                    for key in ("meetings_held", "actions_opened", "actions_closed", "actions_overdue")
                ),
            ]
        )
    total = [
        "Total",
        Ref(("all", "teams", "local", "members")),
        Ref(("all", "teams", "local", "fte")),
        *(_sum_cells([row[i] for row in capacity]) for i in range(3, 7)),
    ]
    headers = ["Area", "Team members (local partners)", "Dedicated time (FTE, local partners)", "Meetings held"]
    return Table(
        caption="Local partners' team capacity, meetings and actions",
        headers=[*headers, "Actions opened", "Actions closed", "Actions overdue"],
        rows=capacity,
        total=total,
        note=note,
        sheet="Team capacity",
    )


def _celcis_table(included: list[dict], reg, note: str) -> Table:
    """CELCIS staff given to each area's teams, apart from local partners' resourcing."""
    rows, members, times = [], [], []
    for part in included:
        celcis = part["snapshot"]["teams"]["celcis"]
        area_id = part["area"]["id"]
        people = reg.people((area_id, "teams", "celcis", "members"), celcis["members"])
        fte = Decimal(celcis["fte"])
        time = reg.time((area_id, "teams", "celcis", "fte"), fte, group=people)
        members.append(people)
        times.append(time)
        rows.append([_area(part), Ref(people), Ref(time)])
    total = [
        "Total",
        Ref(reg.total(("all", "teams", "celcis", "members"), members)),
        Ref(reg.total(("all", "teams", "celcis", "fte"), times)),
    ]
    return Table(
        caption="CELCIS staff time given to each area's teams",
        headers=["Area", "CELCIS staff", "CELCIS time (FTE)"],
        rows=rows,
        total=total,
        note=note,
        sheet="CELCIS time",
    )


def teams_section(included: list[dict], reg, note: str) -> Section:
    members, members_total = _partner_grid(included, reg, "members")
    fte, fte_total = _partner_grid(included, reg, "fte")
    areas = [_area(p) for p in included]
    return Section(
        id="teams",
        title="Implementation teams",
        intro="Local partners' team members with dedicated time and their full-time equivalents (FTE) on the figures "
        "date, meetings and actions in the quarter. CELCIS staff who support the teams are counted apart, so "
        "local resourcing is not overstated.",
        tables=[
            _capacity_table(included, note),
            Table(
                caption="Team members by local partner organisation",
                headers=["Partner organisation", *areas, "Total"],
                rows=members,
                total=members_total,
                note=note,
                sheet="Members by partner",
            ),
            Table(
                caption="Dedicated time (FTE) by local partner organisation",
                headers=["Partner organisation", *(f"{a} (FTE)" for a in areas), "Total (FTE)"],
                rows=fte,
                total=fte_total,
                note=note,
                sheet="FTE by partner",
            ),
            _celcis_table(included, reg, note),
        ],
    )


def _practitioners(reg, prefix: tuple, item: dict) -> list[tuple]:
    keys = [reg.people((*prefix, name), item[name]) for name in ("intended", "trained", "at_fidelity")]
    reg.squeeze(keys[2], keys[1], keys[0])  # at fidelity ≤ trained ≤ intended
    return keys


FIGURES = ("intended", "trained", "at_fidelity")


def _slices(reg, part: dict, innovation: dict, prefix: tuple, keys: list, found: dict) -> None:
    """The innovation's slices: their rows and keys, and (DOMAIN: the innovation's figure is the sum
    of its slices') the sums a reader can make from the two tables."""
    parts_of = {name: [] for name in FIGURES}
    for index, one in enumerate(innovation["slices"]):
        slice_keys = _practitioners(reg, (*prefix, "slice", index), one)
        found["rows"].append([_area(part), innovation["name"], one["name"], *(Ref(k) for k in slice_keys)])
        for name, key in zip(FIGURES, slice_keys, strict=True):
            parts_of[name].append(key)
            found["totals"][name].append(key)
    for name, key in zip(FIGURES, keys, strict=True):
        if not parts_of[name]:
            found["unsliced"][name].append(key)
            continue
        values = [reg.value(k) for k in parts_of[name]]
        if None not in values and sum(values) == reg.value(key):
            reg.relate(parts_of[name], key)
        else:
            found["adds_up"][name] = False


def _slices_table(reg, found: dict, grand: dict, note: str) -> Table:
    total = ["Total", "", ""]
    for name in FIGURES:
        key = reg.total(("all", "slices", name), found["totals"][name])
        total.append(Ref(key))
        values = [reg.value(k) for k in [*found["totals"][name], *found["unsliced"][name]]]
        if found["adds_up"][name] and None not in values:
            # Slices' total plus the innovations without slices is the innovations' total.
            reg.relate([key, *found["unsliced"][name]], grand[name])
    return Table(
        caption="Slices of the system",
        headers=["Area", "Innovation", "Slice", "Practitioners intended", "Trained", "At fidelity"],
        rows=found["rows"],
        total=total,
        note=note,
        sheet="Slices",
    )


def innovations_section(included: list[dict], reg, note: str) -> Section:
    rows, totals = [], {name: [] for name in FIGURES}
    found = {
        "rows": [],
        "totals": {name: [] for name in FIGURES},
        "unsliced": {name: [] for name in FIGURES},
        "adds_up": dict.fromkeys(FIGURES, True),
    }
    for part in included:
        for innovation in part["snapshot"]["innovations"]:
            prefix = (part["area"]["id"], "innovation", innovation["id"])
            keys = _practitioners(reg, prefix, innovation)
            percent = reg.percent(
                (*prefix, "percent_at_fidelity"),
                innovation["percent_at_fidelity"],
                numerator=keys[2],
                denominator=keys[0],
            )
            rows.append(
                [_area(part), innovation["name"], number(innovation["usability_met"]), *(Ref(k) for k in keys)]
                + [Ref(percent, "%")]
            )
            for name, key in zip(FIGURES, keys, strict=True):
                totals[name].append(key)
            _slices(reg, part, innovation, prefix, keys, found)
    grand = {name: reg.total(("all", "innovations", name), totals[name]) for name in FIGURES}
    headers = ["Area", "Innovation", "Usability criteria met (of 4)", "Practitioners intended", "Trained"]
    tables = [
        Table(
            caption="Usable innovations: criteria met and practitioners at fidelity",
            headers=[*headers, "At fidelity", "Proportion at fidelity (%)"],
            rows=rows,
            total=["Total", "", "", *(Ref(grand[name]) for name in FIGURES), ""],
            note=note,
            sheet="Innovations",
        )
    ]
    if found["rows"]:
        tables.append(_slices_table(reg, found, grand, note))
    return Section(id="innovations", title="Usable innovations", tables=tables)
