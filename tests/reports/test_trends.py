"""Quarter on quarter (issue 12): each area's stage and share of intended practitioners at fidelity by
quarter, protected like every percentage of people and consistent with the innovations table."""

from reports.builder.report import Ref, resolve_cell
from reports.builder.sections import innovations_section
from reports.builder.trends import trends_section
from reports.suppression import Register


def _part(area_id, name, innovation, history):
    snapshot = {
        "innovations": [{"id": 10 + area_id, "name": "Toolkit", "usability_met": 2, "slices": [], **innovation}]
    }
    return {"area": {"id": area_id, "name": name}, "snapshot": snapshot, "history": history}


def _entry(quarter, stage, intended, at_fidelity, current=False):
    return {"quarter": quarter, "stage": stage, "intended": intended, "at_fidelity": at_fidelity, "current": current}


def _text(register, table):
    return [[str(resolve_cell(register, c)) if isinstance(c, Ref) else str(c) for c in row] for row in table.rows]


def test_stage_and_fidelity_by_quarter_protect_people_and_agree_with_the_innovations_table():
    register = Register(threshold=5, protect=True)
    parts = [
        _part(
            1,
            "Dundee",
            {"intended": 20, "trained": 12, "at_fidelity": 10, "percent_at_fidelity": 50},
            [_entry("2026-27 Q1", "Installation", 20, 6), _entry("2026-27 Q2", "Initial implementation", 20, 10, True)],
        ),
        _part(
            2,
            "Inverclyde",
            # 3 at fidelity this quarter: "<5" in the innovations table, so its percentage is hidden too.
            {"intended": 12, "trained": 8, "at_fidelity": 3, "percent_at_fidelity": 25},
            [_entry("2026-27 Q1", "Exploration", 12, 2), _entry("2026-27 Q2", "Installation", 12, 3, True)],
        ),
    ]
    innovations = innovations_section(parts, register, note="")
    section = trends_section(parts, register, note="")
    register.resolve()
    stages, fidelity = section.tables
    assert _text(register, stages) == [
        ["2026-27 Q1", "Installation", "Exploration"],
        ["2026-27 Q2", "Initial implementation", "Installation"],
    ]
    rows = _text(register, fidelity)
    # Earlier quarters: 6 of 20 shown; 2 of 12 protected (a small numerator).
    assert rows[0] == ["2026-27 Q1", "30%", "[c]"]
    # This quarter: exactly as the innovations table shows each area's proportion at fidelity (Dundee's
    # count is hidden there too, so the total cannot give Inverclyde's away, and so is its share here).
    shown = [row[-1] for row in _text(register, innovations.tables[0])]
    assert rows[1][1:] == shown == ["[c]", "[c]"]


def test_no_trend_without_an_earlier_quarter():
    register = Register(threshold=5, protect=True)
    part = _part(1, "Dundee", {"intended": 20, "trained": 12, "at_fidelity": 10, "percent_at_fidelity": 50}, [])
    part["history"] = [_entry("2026-27 Q2", "Installation", 20, 10, True)]
    assert trends_section([part], register, note="") is None
