"""Exploration with the Hexagon Tool: candidates rated 1–5 on each indicator, compared side by side,
and the decision recorded with its date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from innovations import selectors, services
from innovations.models import Exploration, HexagonAssessment, HexagonIndicator, HexagonRating, InnovationStatus
from tests.innovations.factories import make_exploration, make_innovation

TODAY = timezone.localdate()


def test_the_current_and_older_versions_of_the_tool_are_seeded(db):
    current = list(HexagonIndicator.objects.filter(tool_version="2018").values_list("name", flat=True))
    older = list(HexagonIndicator.objects.filter(tool_version="2013").values_list("name", flat=True))
    assert current == ["Evidence", "Supports", "Usability", "Need", "Fit", "Capacity"]
    assert older == [
        "Need",
        "Fit",
        "Resource availability",
        "Evidence",
        "Readiness for replication",
        "Capacity to implement",
    ]
    assert HexagonIndicator.history.filter(history_type="+").count() == 12


def _assess(client, area, exploration, candidate, ratings=None, **overrides):
    indicators = selectors.indicators_for(exploration.tool_version)
    ratings = ratings or [4] * len(indicators)
    data = {
        "innovation": candidate.pk,
        "assessed_on": TODAY.isoformat(),
        "participants": "Implementation team (5)",
        "notes": "",
    }
    for indicator, rating in zip(indicators, ratings, strict=True):
        data[f"rating_{indicator.pk}"] = str(rating)
        data[f"rationale_{indicator.pk}"] = f"Why {indicator.name}"
        data[f"evidence_{indicator.pk}"] = "Local data"
    data.update(overrides)
    return client.post(reverse("innovations:assessment_create", args=[area.slug, exploration.pk]), data)


def _exploration(client, area, **overrides):
    data = {"need": "Earlier help", "need_evidence": "Referral data", "started_on": TODAY.isoformat()}
    data.update(overrides)
    data.setdefault("tool_version", "2018")
    return client.post(reverse("innovations:exploration_create", args=[area.slug]), data)


def test_member_starts_an_exploration_and_assesses_two_candidates_side_by_side(client_for, member, dundee):
    client = client_for(member)
    assert _exploration(client, dundee).status_code == 302
    exploration = Exploration.objects.get(area=dundee)
    conversations = make_innovation(dundee, member, name="Conversations", status="exploring")
    conferences = make_innovation(dundee, member, name="Conferences", status="exploring")
    assert _assess(client, dundee, exploration, conversations, [4, 4, 3, 5, 4, 3]).status_code == 302
    assert _assess(client, dundee, exploration, conferences, [3, 2, 3, 4, 3, 2]).status_code == 302

    page = client.get(reverse("innovations:exploration_detail", args=[dundee.slug, exploration.pk]))
    comparison = page.context["comparison"]
    assert [c.innovation.name for c in comparison["candidates"]] == ["Conferences", "Conversations"]
    assert [row["indicator"].name for row in comparison["rows"]][:3] == ["Evidence", "Supports", "Usability"]
    assert [cell.rating for cell in comparison["rows"][3]["cells"]] == [4, 5]  # Need, per candidate
    # No totals, no ranking: each candidate's lowest-rated indicators, and a 2 on Capacity is a concern.
    conferences_row, conversations_row = comparison["candidates"]
    assert [r.indicator.name for r in conferences_row.lowest] == ["Supports", "Capacity"]
    assert [(r.indicator.name, r.rating) for r in conferences_row.concerns] == [("Capacity", 2)]
    assert [r.indicator.name for r in conversations_row.lowest] == ["Usability", "Capacity"]
    assert conversations_row.concerns == [] and comparison["concerns"] == [conferences_row]
    assert not hasattr(conferences_row, "total") and "highest" not in comparison
    html = page.content.decode()
    assert "Candidates side by side" in html and "one column per candidate" in html
    assert "Total" not in html and " of 30" not in html
    assert "Concern to resolve" in html and "Lowest rated: Supports, Capacity (2 of 5)" in html


def test_a_low_rating_on_need_fit_or_capacity_is_a_concern_and_elsewhere_is_not(client_for, member, dundee):
    # Evidence, Supports and Usability rated 1 are the lowest but not concerns; a 2 on Need and Fit
    # are, and a 3 on Capacity is not, whatever the other ratings add up to.
    candidate = make_innovation(dundee, member, name="Candidate", status="exploring")
    exploration = make_exploration(dundee, member, [candidate], [[1, 1, 5, 2, 2, 3]])
    row = selectors.hexagon_comparison(exploration)["candidates"][0]
    assert [r.indicator.name for r in row.lowest] == ["Evidence", "Supports"]
    assert [r.indicator.name for r in row.concerns] == ["Need", "Fit"]
    page = client_for(member).get(reverse("innovations:exploration_decide", args=[dundee.slug, exploration.pk]))
    assert "Need rated 2; Fit rated 2" in page.content.decode()
    assessment = row.assessment
    detail = client_for(member).get(
        reverse("innovations:assessment_detail", args=[dundee.slug, exploration.pk, assessment.pk])
    )
    assert [r.indicator.name for r in detail.context["concerns"]] == ["Need", "Fit"]
    assert "Concern to resolve" in detail.content.decode()


def test_the_comparison_uses_each_candidates_latest_assessment(client_for, member, dundee):
    first = make_innovation(dundee, member, name="First", status="exploring")
    exploration = make_exploration(dundee, member, [first], [2], assessed_on=TODAY - timedelta(days=60))
    _assess(client_for(member), dundee, exploration, first, [5] * 6)
    candidate = selectors.hexagon_comparison(exploration)["candidates"][0]
    assert [r.rating for r in candidate.ratings] == [5] * 6 and candidate.earlier == 1


def test_each_assessment_keeps_the_version_of_the_tool_it_used(client_for, member, dundee):
    client = client_for(member)
    _exploration(client, dundee, tool_version="2013")
    exploration = Exploration.objects.get(area=dundee)
    candidate = make_innovation(dundee, member, status="exploring")
    form = client.get(reverse("innovations:assessment_create", args=[dundee.slug, exploration.pk])).context["form"]
    assert [i.name for i in form.indicators][2] == "Resource availability"
    assert _assess(client, dundee, exploration, candidate).status_code == 302
    assessment = HexagonAssessment.objects.get()
    assert assessment.tool_version == "2013"
    assert {r.indicator.tool_version for r in assessment.ratings.select_related("indicator")} == {"2013"}
    # Once assessed, the exploration keeps its version.
    response = client.post(
        reverse("innovations:exploration_update", args=[dundee.slug, exploration.pk]),
        {
            "need": "Earlier help",
            "need_evidence": "",
            "started_on": TODAY.isoformat(),
            "tool_version": "2018",
            "version": exploration.version,
        },
    )
    assert "already been assessed with this version" in response.context["form"].errors["tool_version"][0]


@pytest.mark.parametrize(
    ("rating", "message"),
    [("7", "from 1 (low) to 5 (high)"), ("0", "from 1 (low) to 5 (high)"), ("", "from 1 (low) to 5 (high)")],
)
def test_a_rating_outside_the_scale_is_refused_and_nothing_saved(client_for, member, dundee, rating, message):
    exploration = make_exploration(dundee, member, [], [])
    candidate = make_innovation(dundee, member, status="exploring")
    indicator = selectors.indicators_for("2018")[4]
    response = _assess(
        client_for(member),
        dundee,
        exploration,
        candidate,
        **{f"rating_{indicator.pk}": rating},
        participants="Team and CELCIS",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[f"rating_{indicator.pk}"][0]
    assert form["participants"].value() == "Team and CELCIS"
    assert form[f"rationale_{indicator.pk}"].value() == "Why Fit"
    assert not HexagonAssessment.objects.exists() and not HexagonRating.objects.exists()


def test_the_service_refuses_a_rating_outside_the_scale_too(member, dundee):
    exploration = make_exploration(dundee, member, [], [])
    candidate = make_innovation(dundee, member, status="exploring")
    indicators = selectors.indicators_for("2018")
    with pytest.raises(ValidationError) as raised:
        services.hexagon_assessment_record(
            exploration=exploration,
            actor=member,
            innovation=candidate,
            assessed_on=TODAY,
            participants="Team",
            ratings={i.pk: (6 if n == 0 else 3, "Why", "") for n, i in enumerate(indicators)},
        )
    assert f"rating_{indicators[0].pk}" in raised.value.message_dict
    assert not HexagonAssessment.objects.exists()


def test_every_rating_needs_a_rationale(client_for, member, dundee):
    exploration = make_exploration(dundee, member, [], [])
    candidate = make_innovation(dundee, member, status="exploring")
    indicator = selectors.indicators_for("2018")[0]
    response = _assess(client_for(member), dundee, exploration, candidate, **{f"rationale_{indicator.pk}": ""})
    assert "Give the rationale" in response.context["form"].errors[f"rationale_{indicator.pk}"][0]


def test_a_candidate_from_another_area_cannot_be_assessed(client_for, member, other_member, dundee, inverclyde):
    exploration = make_exploration(dundee, member, [], [])
    theirs = make_innovation(inverclyde, other_member, status="exploring")
    response = _assess(client_for(member), dundee, exploration, theirs)
    assert "Select a valid choice" in response.context["form"].errors["innovation"][0]
    assert not HexagonAssessment.objects.exists()


def _decide(client, area, exploration, **data):
    payload = {"decision": "proceed", "decided_on": TODAY.isoformat(), "chosen": "", "decision_rationale": "Best fit"}
    payload.update(data)
    return client.post(reverse("innovations:exploration_decide", args=[area.slug, exploration.pk]), payload)


def test_deciding_to_proceed_selects_the_chosen_candidate_and_not_the_others(client_for, member, dundee):
    chosen = make_innovation(dundee, member, name="Chosen", status="exploring")
    other = make_innovation(dundee, member, name="Other", status="exploring")
    exploration = make_exploration(dundee, member, [chosen, other], [4, 2])
    response = _decide(client_for(member), dundee, exploration, chosen=chosen.pk, decision_rationale="Stronger fit")
    assert response.status_code == 302
    exploration.refresh_from_db()
    assert (exploration.decision, exploration.decided_on, exploration.chosen) == ("proceed", TODAY, chosen)
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == InnovationStatus.SELECTED and chosen.status_changed_on == TODAY
    assert other.status == InnovationStatus.NOT_SELECTED
    assert other.status_changed_on == TODAY and "Stronger fit" in other.status_reason
    page = client_for(member).get(reverse("innovations:detail", args=[dundee.slug, chosen.pk])).content.decode()
    assert "Chosen in the exploration" in page


def test_deciding_not_to_proceed_marks_candidates_not_selected_and_revisit_changes_nothing(client_for, member, dundee):
    first = make_innovation(dundee, member, name="First", status="exploring")
    exploration = make_exploration(dundee, member, [first], [2])
    client = client_for(member)
    assert _decide(client, dundee, exploration, decision="revisit", decision_rationale="More data").status_code == 302
    first.refresh_from_db()
    assert first.status == InnovationStatus.EXPLORING
    assert _decide(client, dundee, exploration, decision="do_not_proceed").status_code == 302
    first.refresh_from_db()
    assert first.status == InnovationStatus.NOT_SELECTED
    assert list(Exploration.history.filter(id=exploration.pk).values_list("decision", flat=True))[:2] == [
        "do_not_proceed",
        "revisit",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"chosen": ""}, "chosen", "Choose the candidate"),
        ({"decision": "revisit", "chosen": "CHOSEN"}, "chosen", "Only a decision to proceed"),
        ({"decision_rationale": ""}, "decision_rationale", "required"),
        ({"decided_on": "FUTURE", "chosen": "CHOSEN"}, "decided_on", "in the future"),
        ({"decided_on": "BEFORE", "chosen": "CHOSEN"}, "decided_on", "decide after that"),
        ({"decision": "maybe"}, "decision", "Select a valid choice"),
    ],
)
def test_a_decision_with_bad_input_is_refused_and_nothing_changes(client_for, member, dundee, data, field, message):
    chosen = make_innovation(dundee, member, name="Chosen", status="exploring")
    exploration = make_exploration(dundee, member, [chosen], [4])
    values = {
        "CHOSEN": chosen.pk,
        "FUTURE": (TODAY + timedelta(days=1)).isoformat(),
        "BEFORE": (exploration.started_on - timedelta(days=1)).isoformat(),
    }
    data = {key: values.get(value, value) for key, value in data.items()}
    response = _decide(client_for(member), dundee, exploration, **data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    exploration.refresh_from_db()
    chosen.refresh_from_db()
    assert exploration.decision == "" and chosen.status == InnovationStatus.EXPLORING


def test_a_candidate_not_assessed_in_this_exploration_cannot_be_chosen(member, dundee):
    assessed = make_innovation(dundee, member, name="Assessed", status="exploring")
    elsewhere = make_innovation(dundee, member, name="Elsewhere", status="exploring")
    exploration = make_exploration(dundee, member, [assessed], [3])
    with pytest.raises(ValidationError) as raised:
        services.exploration_decide(
            exploration=exploration, actor=member, decision="proceed", decided_on=TODAY, rationale="X", chosen=elsewhere
        )
    assert "one of the candidates" in raised.value.message_dict["chosen"][0]


def test_an_exploration_cannot_start_in_the_future(client_for, member, dundee):
    response = _exploration(client_for(member), dundee, started_on=(TODAY + timedelta(days=2)).isoformat())
    assert "in the future" in response.context["form"].errors["started_on"][0]
    assert not Exploration.objects.exists()


def test_explorations_list_with_a_decision_filter(client_for, member, dundee):
    first = make_innovation(dundee, member, status="exploring")
    decided = make_exploration(dundee, member, [first], [3])
    services.exploration_decide(
        exploration=decided, actor=member, decision="proceed", decided_on=TODAY, rationale="Fit", chosen=first
    )
    make_exploration(dundee, member, [], [])
    client = client_for(member)
    everything = client.get(reverse("innovations:exploration_list", args=[dundee.slug]))
    assert everything.context["paginator"].count == 2
    undecided = client.get(reverse("innovations:exploration_list", args=[dundee.slug]), {"decision": "none"})
    assert [e.decision for e in undecided.context["explorations"]] == [""]
    assert 'aria-label="Filter the explorations"' in undecided.content.decode()


def test_the_comparison_page_is_kept_until_the_areas_records_change(client_for, member, dundee):
    client = client_for(member)
    first = make_innovation(dundee, member, name="First", status="exploring")
    exploration = make_exploration(dundee, member, [first], [2])
    url = reverse("innovations:exploration_detail", args=[dundee.slug, exploration.pk])
    assert [c.innovation.name for c in client.get(url).context["comparison"]["candidates"]] == ["First"]
    second = make_innovation(dundee, member, name="Second", status="exploring")
    assert _assess(client, dundee, exploration, second, [5] * 6).status_code == 302
    page = client.get(url)
    assert [c.innovation.name for c in page.context["comparison"]["candidates"]] == ["First", "Second"]
    assert "Second" in page.content.decode()
