"""Quarter on quarter: each area's programme stage and the share of its intended practitioners at
fidelity, from its returns (the drivers trend is drawn in the drivers section).

The stage is a fact about the programme and is shown as it is. The share at fidelity is a percentage
of people, so it is protected like every other: for the report's own quarter it is registered
against the very figures the innovations table shows (hidden wherever one of them is), for earlier
quarters against their totals, which are shown nowhere.
"""

from __future__ import annotations

from .report import Cell, Ref, Section, Table


def _area(part: dict) -> str:
    return part["area"]["name"]


def _fidelity_key(reg, part: dict, entry: dict) -> tuple:
    area_id = part["area"]["id"]
    key = (area_id, "trend", entry["quarter"], "percent_at_fidelity")
    if entry.get("current"):
        # The innovations table registered each innovation's figures under these keys.
        ids = [innovation["id"] for innovation in part["snapshot"]["innovations"]]
        numerator = [(area_id, "innovation", pk, "at_fidelity") for pk in ids]
        denominator = [(area_id, "innovation", pk, "intended") for pk in ids]
    else:
        numerator, denominator = entry.get("at_fidelity"), entry.get("intended")
    intended = entry.get("intended") or 0
    value = round(100 * (entry.get("at_fidelity") or 0) / intended) if intended else None
    return reg.percent(key, value, numerator=numerator, denominator=denominator)


def trends_section(included: list[dict], reg, note: str) -> Section | None:
    """The trend tables, or None when no area has an earlier quarter to compare with."""
    histories = {_area(part): {entry["quarter"]: entry for entry in part.get("history", [])} for part in included}
    quarters = sorted({quarter for history in histories.values() for quarter in history})
    if len(quarters) < 2:
        return None
    areas = [_area(part) for part in included]
    stage_rows, fidelity_rows = [], []
    for quarter in quarters:
        stage_rows.append([quarter, *(Cell(histories[area].get(quarter, {}).get("stage") or "—") for area in areas)])
        row = [quarter]
        for part in included:
            entry = histories[_area(part)].get(quarter)
            if entry is None or "intended" not in entry or not entry["intended"]:
                row.append(Cell("—", None))
            else:
                row.append(Ref(_fidelity_key(reg, part, entry), "%"))
        fidelity_rows.append(row)
    return Section(
        id="trends",
        title="Quarter on quarter",
        intro="Each area's programme stage and the share of its intended practitioners at fidelity at the end of "
        "each quarter, from its returns (the overall drivers score by quarter is in the drivers section).",
        tables=[
            Table(
                caption="Programme stage by quarter",
                headers=["Quarter", *areas],
                rows=stage_rows,
                sheet="Stage by quarter",
            ),
            Table(
                caption="Intended practitioners at fidelity by quarter (%)",
                headers=["Quarter", *(f"{area} (%)" for area in areas)],
                rows=fidelity_rows,
                note=note,
                sheet="Fidelity by quarter",
            ),
        ],
    )
