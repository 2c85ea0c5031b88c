"""Disclosure control over a whole national report (shared/DOMAIN.md "Disclosure control"), on
hand-made parts: counts of things exact, people protected, one person's time hidden, percentages of
few people hidden, and no hidden figure recoverable from any table or across tables."""

import pytest

from core.quarters import Quarter
from measures.reporting import seems_to_count_people
from reports import builder
from reports.models import ReportRun, ReportScope
from reports.suppression import Register
from tests.reports.disclosure_checks import recoverable_in_register, recoverable_in_tables

QUARTER = Quarter(2026, 2)


def _snapshot(
    *,
    police=(1, "0.03"),
    council=(6, "2.50"),
    celcis=(1, "0.20"),
    meetings=3,
    cycles=2,
    innovation=None,
    participants=12,
    attendances=3,
    measures=(),
):
    organisations = [("local_authority", "Local authority", council), ("police", "Police", police)]
    return {
        "version": 2,
        "figures_date": "2026-09-30",
        "end": "2026-09-30",
        "stages": {
            "programme": {
                "stage": "initial",
                "label": "Initial implementation",
                "entered_on": "2026-08-01",
                "progress": [],
            },
            "innovations": [],
            "changes": [
                {
                    "subject": "The programme as a whole",
                    "stage": "full",
                    "label": "Full implementation",
                    "is_full": True,
                    "entered_on": "2026-08-01",
                }
            ],
            "activities_completed": [],
            "activities_completed_count": 2,
        },
        "teams": {
            "by_organisation": [
                {"organisation": key, "label": label, "members": n, "hours": "0", "fte": fte}
                for key, label, (n, fte) in organisations
                if n
            ],
            "local": {"members": 0, "hours": "0", "fte": "0"},
            "celcis": {"members": celcis[0], "hours": "0", "fte": celcis[1]},
            "meetings_held": meetings,
            "actions_opened": 4,
            "actions_closed": 1,
            "actions_overdue": 0,
        },
        "innovations": [innovation] if innovation else [],
        "drivers": {
            "assessment_id": None,
            "assessed_on": None,
            "overall": None,
            "overall_answered": None,
            "overall_total": None,
            "overall_change": None,
            "drivers": [],
        },
        "cycles": {
            "cycles_started": cycles,
            "closed_adopt": 1,
            "closed_adapt": 0,
            "closed_abandon": 0,
            "cycles_closed": 1,
            "feedback_raised": 2,
            "feedback_resolved": 1,
            "median_days_to_resolve": 12,
            "open_over_60_days": 0,
        },
        "measures": list(measures),
        "engagement": {
            "levels": [
                {"level": "practitioners", "label": "Practitioners", "engagements": 2, "participants": participants}
            ],
            "engagements": 2,
            "participants": participants,
        },
        "community": {"events": [], "events_attended": 1, "attendances": attendances, "examples_published": 1},
    }


def _part(pk, name, snapshot):
    return {
        "area": {"id": pk, "slug": name.lower(), "name": name},
        "return": {
            "status": "accepted",
            "status_label": "Accepted",
            "due_on": "2026-10-15",
            "submitted_on": "2026-10-10",
            "accepted_on": "2026-10-12",
            "on_time": True,
        },
        "included": True,
        "source": "accepted return",
        "snapshot": snapshot,
        "narrative": {"support": f"Help with coaching ({name}).", "risks": f"Funding ({name})."},
        "history": [],
    }


def _innovation(pk, intended, trained, at_fidelity, slices=()):
    percent = round(100 * at_fidelity / intended) if intended else None
    return {
        "id": pk,
        "name": f"Innovation {pk}",
        "usability_met": 2,
        "intended": intended,
        "trained": trained,
        "at_fidelity": at_fidelity,
        "percent_at_fidelity": percent,
        "slices": list(slices),
    }


def _report(parts, national=True):
    run = ReportRun(scope=ReportScope.NATIONAL if national else ReportScope.AREA, quarter_start=QUARTER.start, number=1)
    captured = {}
    original = builder.finalise

    def keep(report, register):
        captured["register"] = register
        return original(report, register)

    builder.finalise = keep
    try:
        report = builder.build_report(run, parts)
    finally:
        builder.finalise = original
    return report, captured["register"]


def _table(report, caption):
    return next(t for t in report.tables if t.caption == caption)


def _row(table, first):
    return [str(c) for c in next(r for r in table.rows if str(r[0]) == first)]


def test_counts_of_things_are_shown_exactly_and_people_are_protected(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    report, _ = _report(
        [
            _part(1, "Dundee", _snapshot(meetings=3, cycles=2, attendances=3)),
            _part(2, "Inverclyde", _snapshot(meetings=1, cycles=7, attendances=9)),
        ]
    )
    capacity = _table(report, "Local partners' team capacity, meetings and actions")
    assert _row(capacity, "Dundee")[3:7] == ["3", "4", "1", "0"]
    assert _row(capacity, "Inverclyde")[3] == "1"
    cycles = _table(report, "PDSA cycles and the feedback loop")
    assert _row(cycles, "Dundee")[1] == "2" and [str(c) for c in cycles.total][1] == "9"
    community = _table(report, "Community of Practice participation")
    assert _row(community, "Dundee")[2] == "<5"  # 3 attendances: people
    assert _row(community, "Inverclyde")[2] == "[c]"  # or 12 − 9 would give Dundee's 3 away
    assert _row(community, "Dundee")[1] == "1" and _row(community, "Dundee")[3] == "1"


def test_one_persons_time_is_hidden_with_the_head_count_and_celcis_is_reported_apart(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    report, register = _report([_part(1, "Dundee", _snapshot()), _part(2, "Inverclyde", _snapshot(police=(0, "0")))])
    fte = _table(report, "Dedicated time (FTE) by local partner organisation")
    members = _table(report, "Team members by local partner organisation")
    assert _row(fte, "Police")[1] == "[c]"  # one police officer's 0.03 FTE
    assert _row(members, "Police")[1] == "<5"
    assert "0.03" not in " ".join(_row(fte, "Police"))
    assert "CELCIS" not in [str(r[0]) for r in fte.rows]  # local partners only
    celcis = _table(report, "CELCIS staff time given to each area's teams")
    assert _row(celcis, "Dundee")[1:] == ["<5", "[c]"]
    assert recoverable_in_tables(report.tables) == []
    assert recoverable_in_register(register) == []


def test_a_percentage_of_few_people_or_of_a_hidden_count_is_hidden(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    parts = [
        _part(1, "Dundee", _snapshot(innovation=_innovation(11, 4, 2, 0))),
        _part(2, "Inverclyde", _snapshot(innovation=_innovation(12, 20, 12, 3))),
        _part(3, "Perth", _snapshot(innovation=_innovation(13, 20, 12, 10))),
        _part(4, "Angus", _snapshot(innovation=_innovation(14, 30, 20, 7))),
    ]
    report, register = _report(parts)
    table = _table(report, "Usable innovations: criteria met and practitioners at fidelity")
    assert _row(table, "Dundee")[-1] == "[c]"  # 0 of 4: the denominator is below 5
    assert _row(table, "Inverclyde")[-1] == "[c]"  # 3 of 20: the numerator is hidden
    assert _row(table, "Angus")[-1] == "[c]"  # 7 at fidelity withheld, or 20 − 10 − 0 would give the 3
    assert _row(table, "Perth")[-1] == "50%"
    assert recoverable_in_tables(report.tables) == []
    assert recoverable_in_register(register) == []


def test_a_figure_hidden_in_one_table_cannot_be_worked_out_from_another(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    # Slices of 3 and 5 trained make the innovation's 8: the slices' "<5" must not be recoverable
    # from the innovations table (8 − 5), nor trained from 8 at fidelity of 8 intended.
    slices = [
        {"name": "North", "kind": "Locality", "intended": 4, "trained": 3, "at_fidelity": 3},
        {"name": "South", "kind": "Locality", "intended": 6, "trained": 5, "at_fidelity": 5},
    ]
    parts = [
        _part(1, "Dundee", _snapshot(innovation=_innovation(11, 10, 8, 8, slices))),
        _part(2, "Inverclyde", _snapshot(innovation=_innovation(12, 8, 8, 8))),
    ]
    report, register = _report(parts)
    sliced = _table(report, "Slices of the system")
    north = [str(c) for c in sliced.rows[0]]
    assert north[2:] == ["North", "<5", "<5", "<5"]
    # 8 trained in Dundee = 3 + 5: with North's 3 hidden, South's 5 or the 8 is withheld too.
    innovations = _table(report, "Usable innovations: criteria met and practitioners at fidelity")
    assert "[c]" in {str(sliced.rows[1][4]), _row(innovations, "Dundee")[4]}
    assert recoverable_in_register(register) == []
    assert recoverable_in_tables(report.tables) == []
    # Every hidden figure stays hidden wherever else it appears.
    for key in register.hidden_keys():
        assert register.is_hidden(key)


def test_a_squeezed_figure_is_protected(settings):
    register = Register(threshold=5)
    intended, trained, at_fidelity = register.people("i", 8), register.people("t", 8), register.people("f", 8)
    register.people("x", 3)
    register.total("sum", ["t", "x"])
    register.squeeze(at_fidelity, trained, intended)
    register.resolve()
    assert register.is_hidden("t")  # or the total 11 minus 8 gives the hidden 3 away
    assert register.is_hidden("f")  # or at fidelity 8 ≤ trained ≤ intended 8 gives trained away
    assert recoverable_in_register(register) == []


def test_an_area_report_shows_every_figure_exactly(settings):
    report, register = _report([_part(1, "Dundee", _snapshot())], national=False)
    assert register.hidden_keys() == []
    assert _row(_table(report, "Dedicated time (FTE) by local partner organisation"), "Police")[1] == "0.03"


def _measure(pk, name, unit, value, *, counts_people, numerator=None, denominator=None):
    """A snapshot's measure row, its definition frozen with it (the definition says whether it counts people)."""
    return {
        "id": pk,
        "name": name,
        "unit": unit,
        "latest_period": "2026-09-01",
        "latest_value": value,
        "latest_text": f"{value} {unit}",
        "latest_label": "Sep 2026",
        "signals": [],
        "signal_label": "No signal",
        "definition": {
            "name": name,
            "unit": unit,
            "is_count": False,
            "is_proportion": unit == "%",
            "counts_people": counts_people,
            "numerator_definition": "",
            "denominator_definition": "",
            "frequency": "monthly",
            "direction": "Higher is better",
            "shared_id": None,
            "shared_name": None,
        },
        "baseline": None,
        "baseline_points": 0,
        "numerator": numerator,
        "denominator": denominator,
        "series": [],
    }


def test_measures_that_count_people_are_protected_as_their_definition_says(settings):
    settings.SMALL_NUMBER_THRESHOLD = 5
    families = _measure(7, "Families re-referred", "%", 0.0, counts_people=True, numerator=0, denominator=3)
    days = _measure(8, "Days to first visit", "days", 3.0, counts_people=False)
    # The definition decides, not the words: this one counts no one whatever its name says.
    visits = _measure(9, "Family visits", "%", 50.0, counts_people=False, numerator=1, denominator=2)
    report, _ = _report([_part(1, "Dundee", _snapshot(measures=[families, days, visits]))])
    table = _table(report, "Measures and their signals")
    assert _row(table, "Dundee")[2] == "[c]"  # 0% of 3 families
    rows = [[str(c) for c in r] for r in table.rows]
    assert rows[1][:5] == ["Dundee", "Days to first visit", "3", "days", "No"]  # days count no one
    assert rows[2][:5] == ["Dundee", "Family visits", "50%", "%", "No"]


@pytest.mark.parametrize(
    ("definition", "people"),
    [
        ({"unit": "families", "name": "Families supported"}, True),
        ({"unit": "referrals", "name": "Re-referrals"}, True),
        ({"unit": "days", "name": "Days from referral to plan"}, False),
        ({"unit": "meetings", "name": "Core group meetings"}, False),
        (
            {
                "unit": "%",
                "is_proportion": True,
                "numerator_definition": "Children seen within 10 days",
                "denominator_definition": "Children referred",
                "name": "Seen on time",
            },
            True,
        ),
        (
            {
                "unit": "%",
                "is_proportion": True,
                "numerator_definition": "Plans reviewed",
                "denominator_definition": "Plans",
                "name": "Plans reviewed on time",
            },
            False,
        ),
        ({"unit": "young people", "name": "Young people in groups"}, True),
    ],
)
def test_which_version_1_measures_count_people_by_their_words(definition, people):
    assert seems_to_count_people(definition) is people


def test_key_messages_are_drafted_from_the_figures():
    parts = [_part(1, "Dundee", _snapshot())]
    parts[0]["snapshot"]["drivers"].update(
        {"overall": 64, "overall_answered": 31, "overall_total": 40, "overall_change": 12, "drivers": []}
    )
    missing = _part(2, "Inverclyde", None)
    missing.update(included=False, **{"return": {**missing["return"], "status_label": "Submitted", "on_time": None}})
    messages = builder.draft_key_messages([*parts, missing], True)
    assert "Dundee: The programme as a whole reached full implementation on 1 Aug 2026." in messages
    assert (
        "Dundee: drivers scores that moved 10 points or more: overall up 12 points to 64% (31 of 40 items answered)."
        in messages
    )
    assert "Inverclyde: the return is submitted, so it is not in this report." in messages


def test_support_and_risks_are_gathered_across_the_areas():
    report, _ = _report([_part(1, "Dundee", _snapshot()), _part(2, "Inverclyde", _snapshot())])
    section = next(s for s in report.sections if s.id == "support-risks")
    assert [topic["title"] for topic in section.narratives] == ["Support needed from CELCIS or nationally", "Risks"]
    assert [e["area"] for e in section.narratives[0]["entries"]] == ["Dundee", "Inverclyde"]


def test_a_national_report_is_a_draft_until_published():
    report, _ = _report([_part(1, "Dundee", _snapshot())])
    assert report.draft
    assert "DRAFT" in builder.render_html(report)
