"""The four usable-innovation criteria, judged met / partly met / not met with evidence, over time."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from innovations import selectors
from innovations.models import UsabilityJudgement, UsabilityReview
from innovations.usability import CRITERIA, Judgement, verdict
from tests.innovations.factories import make_innovation

TODAY = timezone.localdate()


def _all(rating, day, evidence="Seen"):
    return [Judgement(c, rating, evidence, day) for c in CRITERIA]


def test_usable_only_when_the_latest_judgement_of_every_criterion_is_met():
    judgements = _all("met", date(2026, 1, 1))
    assert verdict(judgements).usable
    later = Judgement("fidelity_assessment", "partly_met", "Not yet related to outcomes", date(2026, 6, 1))
    result = verdict([*judgements, later])
    assert not result.usable
    assert result.not_met == ["fidelity_assessment"]
    assert result.met_count == 3


def test_a_criterion_never_judged_is_not_met():
    result = verdict([Judgement("clear_description", "met", "Agreed", date(2026, 1, 1))])
    assert result.not_met == ["essential_functions", "operational_definitions", "fidelity_assessment"]
    assert not verdict([]).judged


def test_an_older_judgement_does_not_override_a_newer_one_whatever_the_order():
    newer = Judgement("clear_description", "met", "Agreed", date(2026, 6, 1))
    older = Judgement("clear_description", "not_met", "Draft", date(2026, 1, 1))
    assert verdict([newer, older]).latest["clear_description"] is newer


def _post(client, area, innovation, **overrides):
    data = {"reviewed_on": TODAY.isoformat(), "participants": "Implementation team (4)"}
    for criterion in CRITERIA:
        data[f"rating_{criterion}"] = "met"
        data[f"evidence_{criterion}"] = f"Evidence for {criterion}"
    data.update(overrides)
    return client.post(reverse("innovations:usability_create", args=[area.slug, innovation.pk]), data)


def test_page_says_which_criteria_are_not_met_and_why_it_is_not_yet_usable(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    client = client_for(member)
    response = _post(
        client,
        dundee,
        innovation,
        rating_operational_definitions="partly_met",
        evidence_operational_definitions="Practice profile covers two of four functions",
        rating_fidelity_assessment="not_met",
        evidence_fidelity_assessment="No fidelity tool chosen yet",
    )
    assert response.status_code == 302
    page = client.get(reverse("innovations:usability", args=[dundee.slug, innovation.pk]))
    text = page.content.decode()
    assert "is not yet a usable innovation" in text
    assert "2 of 4 criteria met" in text
    assert "Practice profile covers two of four functions" in text
    assert "No fidelity tool chosen yet" in text
    assert [row["label"] for row in page.context["not_met"]] == [
        "Operational definitions",
        "Practical fidelity assessment",
    ]


def test_judged_again_over_time_the_latest_decides_and_the_earlier_stays(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    client = client_for(member)
    earlier = (TODAY - timedelta(days=200)).isoformat()
    _post(client, dundee, innovation, reviewed_on=earlier, rating_fidelity_assessment="not_met")
    _post(client, dundee, innovation)
    page = client.get(reverse("innovations:usability", args=[dundee.slug, innovation.pk]))
    assert page.context["verdict"].usable
    assert "Usable." in page.content.decode()
    assert len(page.context["reviews"]) == 2
    fidelity_row = next(r for r in page.context["rows"] if r["criterion"] == "fidelity_assessment")
    assert [cell.rating for cell in fidelity_row["cells"]] == ["met", "not_met"]  # newest first


def test_the_form_starts_from_the_latest_judgement(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    client = client_for(member)
    _post(client, dundee, innovation, rating_clear_description="partly_met", evidence_clear_description="Draft only")
    form = client.get(reverse("innovations:usability_create", args=[dundee.slug, innovation.pk])).context["form"]
    assert form.initial["rating_clear_description"] == "partly_met"
    assert form.initial["evidence_clear_description"] == "Draft only"


def test_a_judgement_needs_a_rating_and_evidence_for_every_criterion(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    response = _post(
        client_for(member),
        dundee,
        innovation,
        rating_essential_functions="",
        evidence_fidelity_assessment="",
        participants="Team of four",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Judge this criterion" in errors["rating_essential_functions"][0]
    assert "Give the evidence" in errors["evidence_fidelity_assessment"][0]
    assert response.context["form"]["participants"].value() == "Team of four"
    assert not UsabilityReview.objects.exists() and not UsabilityJudgement.objects.exists()


def test_a_judgement_cannot_be_dated_in_the_future(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    response = _post(client_for(member), dundee, innovation, reviewed_on=(TODAY + timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert "in the future" in response.context["form"].errors["reviewed_on"][0]
    assert not UsabilityReview.objects.exists()


def test_the_verdict_selector_reads_the_latest_review(member, dundee):
    innovation = make_innovation(dundee, member)
    assert not selectors.verdict_for(innovation).judged
