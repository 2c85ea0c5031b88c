"""The quarterly return: opening, the narrative saved as a draft, submission by the area lead with
its figures frozen, CELCIS's review (accept, return with comments, reopen), and every step's record."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.locking import StaleEdit
from core.quarters import Quarter, quarter_slug
from reports import services
from reports.models import QuarterlyReturn, ReturnEvent, ReturnStatus, ReturnStep
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory
from tests.teams.factories import MeetingFactory, TeamFactory, TeamMemberFactory


def _url(name, area, quarterly_return):
    return reverse(f"reports:{name}", kwargs={"area_slug": area.slug, "quarter": quarterly_return.slug})


def _written(area, **kwargs):
    return QuarterlyReturnFactory(area=area, written=True, **kwargs)


# --- Opening ------------------------------------------------------------------------------------------


def test_starting_the_current_quarters_return_opens_it_once(client_for, member, dundee, settings):
    # A GET never writes (issue #16): the return opens by schedule or by an area user's explicit POST.
    settings.RETURN_DUE_DAYS = 20
    client = client_for(member)
    assert client.get(reverse("reports:return_list", args=[dundee.slug])).status_code == 200
    client.post(reverse("reports:return_start", args=[dundee.slug]))
    client.post(reverse("reports:return_start", args=[dundee.slug]))
    current = Quarter.of(timezone.localdate())
    opened = QuarterlyReturn.objects.get(area=dundee)
    assert opened.quarter == current
    assert opened.status == ReturnStatus.DRAFT
    assert opened.due_on == current.end + timezone.timedelta(days=20)
    assert ReturnEvent.objects.filter(quarterly_return=opened, step=ReturnStep.OPENED).count() == 1


def test_the_scheduled_task_opens_a_return_for_every_programme_area_only_once(db):
    from areas.models import LocalArea
    from reports.tasks import open_quarter_returns

    assert open_quarter_returns.delay(day="2027-01-02").get() == LocalArea.objects.in_programme().count()
    assert open_quarter_returns.delay(day="2027-02-10").get() == 0
    returns = QuarterlyReturn.objects.all()
    assert {r.quarter for r in returns} == {Quarter(2026, 4)}
    assert {r.due_on for r in returns} == {date(2027, 4, 15)}  # Q4's return is due in April


def test_an_area_outside_the_programme_makes_no_returns(db):
    from tests.factories import LocalAreaFactory

    area = LocalAreaFactory(slug="not-in-programme", in_programme=False)
    with pytest.raises(ValidationError):
        services.return_open(area=area, quarter=PAST)


# --- The narrative ---------------------------------------------------------------------------------------


def test_a_member_saves_the_narrative_as_a_draft(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    client = client_for(member)
    response = client.post(
        _url("return_edit", dundee, quarterly_return),
        {**NARRATIVE, "progress": "Half written", "version": quarterly_return.version},
    )
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.progress == "Half written"
    assert quarterly_return.status == ReturnStatus.DRAFT
    assert quarterly_return.history.first().history_user == member


def test_two_people_saving_at_once_never_overwrite_each_other(client_for, member, lead, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    opened_at = quarterly_return.version
    services.return_save_narrative(
        quarterly_return=quarterly_return, actor=lead, data={"risks": "Lead's risks"}, expected_version=opened_at
    )
    response = client_for(member).post(
        _url("return_edit", dundee, quarterly_return), {**NARRATIVE, "risks": "Member's risks", "version": opened_at}
    )
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert "Member&#x27;s risks" in response.content.decode()  # what they typed is kept
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).risks == "Lead's risks"
    with pytest.raises(StaleEdit):
        services.return_save_narrative(
            quarterly_return=quarterly_return, actor=member, data={"risks": "x"}, expected_version=opened_at
        )


def test_a_submitted_return_cannot_be_edited(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, submitted=True)
    response = client_for(member).post(
        _url("return_edit", dundee, quarterly_return), {**NARRATIVE, "progress": "Changed", "version": 1}
    )
    assert response.status_code == 302
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).progress == NARRATIVE["progress"]


def _saving_as_you_go(client, url, data):
    """What static/js/autosave.js sends while someone types."""
    return client.post(url, data, headers={"X-Requested-With": "fetch"})


def test_the_narrative_page_saves_as_you_type(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    page = client_for(member).get(_url("return_edit", dundee, quarterly_return)).content.decode()
    assert "data-autosave=" in page and "js/autosave.js" in page and "data-save-draft" in page


def test_saving_as_you_type_answers_with_the_new_version(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    url = _url("return_edit", dundee, quarterly_return)
    client = client_for(member)
    first = _saving_as_you_go(client, url, {**NARRATIVE, "progress": "Half", "version": quarterly_return.version})
    assert first.status_code == 200 and first.json()["saved"] is True
    second = _saving_as_you_go(
        client, url, {**NARRATIVE, "progress": "Half written", "version": first.json()["version"]}
    )
    assert second.status_code == 200 and second.json()["version"] == quarterly_return.version + 2
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).progress == "Half written"


def test_saving_as_you_type_after_someone_else_saved_overwrites_nothing(client_for, member, lead, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    opened_at = quarterly_return.version
    services.return_save_narrative(
        quarterly_return=quarterly_return, actor=lead, data={"risks": "Lead's risks"}, expected_version=opened_at
    )
    url = _url("return_edit", dundee, quarterly_return)
    response = _saving_as_you_go(client_for(member), url, {**NARRATIVE, "risks": "Mine", "version": opened_at})
    assert response.status_code == 409
    answer = response.json()
    assert answer["clash"] is True and answer["version"] == opened_at + 1 and "someone else saved" in answer["message"]
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).risks == "Lead's risks"


def test_saving_as_you_type_into_a_submitted_return_is_refused(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, submitted=True)
    url = _url("return_edit", dundee, quarterly_return)
    response = _saving_as_you_go(client_for(member), url, {**NARRATIVE, "progress": "Changed", "version": 1})
    assert response.status_code == 409 and response.json()["locked"] is True
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).progress == NARRATIVE["progress"]


# --- Submission ---------------------------------------------------------------------------------------------


def test_only_the_areas_lead_submits(member, lead, celcis, viewer, other_lead, dundee):
    for actor in (member, celcis, viewer, other_lead):
        with pytest.raises(PermissionDenied):
            services.return_submit(quarterly_return=_written(dundee), actor=actor)
        QuarterlyReturn.objects.all().delete()
    submitted = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    assert submitted.status == ReturnStatus.SUBMITTED
    assert (submitted.submitted_by, submitted.first_submitted_at) == (lead, submitted.submitted_at)


def test_submitting_needs_every_narrative_section(lead, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, progress="Only this")
    with pytest.raises(ValidationError) as raised:
        services.return_submit(quarterly_return=quarterly_return, actor=lead)
    assert "What helped" in raised.value.messages[0]
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.DRAFT


def test_a_submitted_return_does_not_change_when_the_records_do(client_for, lead, celcis, dundee):
    team = TeamFactory(area=dundee, formed_on=date(2025, 1, 1))
    TeamMemberFactory(team=team, joined_on=date(2025, 1, 1))
    MeetingFactory(team=team, held_on=date(2026, 5, 5))
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    frozen = quarterly_return.snapshot
    assert frozen["teams"]["meetings_held"] == 1

    # The records change after submission: more meetings in the quarter, more members.
    MeetingFactory(team=team, held_on=date(2026, 6, 5))
    TeamMemberFactory(team=team, joined_on=date(2025, 1, 1))
    quarterly_return.refresh_from_db()
    assert quarterly_return.snapshot == frozen
    page = client_for(celcis).get(quarterly_return.get_absolute_url()).content.decode()
    assert "Meetings held: 1." in page
    assert "Frozen when the return was submitted" in page
    services.return_accept(quarterly_return=quarterly_return, actor=celcis)
    quarterly_return.refresh_from_db()
    assert quarterly_return.snapshot == frozen


def test_a_draft_shows_the_figures_as_they_stand(client_for, member, dundee):
    team = TeamFactory(area=dundee, formed_on=date(2025, 1, 1))
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    MeetingFactory(team=team, held_on=date(2026, 5, 5))
    MeetingFactory(team=team, held_on=date(2026, 5, 6))
    page = client_for(member).get(quarterly_return.get_absolute_url()).content.decode()
    assert "Meetings held: 2." in page
    assert "As the records stand now" in page


def test_the_submit_page_submits_for_the_lead(client_for, lead, dundee):
    quarterly_return = _written(dundee)
    response = client_for(lead).post(_url("return_submit", dundee, quarterly_return))
    assert response.status_code == 302
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.SUBMITTED


def test_a_return_cannot_be_submitted_before_its_quarter_ends(client_for, lead, dundee):
    # Issue 15: on 1 December a return for October–December would freeze its figures a month early.
    current = Quarter.of(timezone.localdate())
    quarterly_return = _written(dundee, quarter_start=current.start)
    with pytest.raises(ValidationError) as raised:
        services.return_submit(quarterly_return=quarterly_return, actor=lead, today=current.end)
    message = raised.value.messages[0]
    day_after = current.end + timezone.timedelta(days=1)
    assert f"can be submitted from {day_after.day} {day_after:%b %Y}" in message
    assert "write and save the draft" in message
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.DRAFT

    # The page says when, offers no submit button, and a POST changes nothing.
    client = client_for(lead)
    page = client.get(quarterly_return.get_absolute_url()).content.decode()
    assert "You can submit this return from" in page
    assert _url("return_submit", dundee, quarterly_return) not in page
    confirm = client.get(_url("return_submit", dundee, quarterly_return)).content.decode()
    assert "can be submitted from" in confirm and "Submit to CELCIS</button>" not in confirm
    response = client.post(_url("return_submit", dundee, quarterly_return), follow=True)
    assert "can be submitted from" in response.content.decode()
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.DRAFT

    # The narrative can still be saved as a draft meanwhile.
    assert quarterly_return.is_editable


def test_a_return_can_be_submitted_the_day_after_its_quarter_ends(lead, dundee):
    quarterly_return = _written(dundee, quarter_start=PAST.start)
    submitted = services.return_submit(
        quarterly_return=quarterly_return, actor=lead, today=PAST.end + timezone.timedelta(days=1)
    )
    assert submitted.status == ReturnStatus.SUBMITTED
    assert submitted.snapshot["figures_date"] == PAST.end.isoformat()


# --- CELCIS's review ---------------------------------------------------------------------------------------


def test_celcis_accepts_and_the_return_is_locked(client_for, celcis, lead, member, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    response = client_for(celcis).post(
        _url("return_review", dundee, quarterly_return), {"decision": "accept", "note": "Thank you"}
    )
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == ReturnStatus.ACCEPTED
    assert quarterly_return.accepted_at is not None
    with pytest.raises(ValidationError):
        services.return_save_narrative(
            quarterly_return=quarterly_return,
            actor=member,
            data={"risks": "x"},
            expected_version=quarterly_return.version,
        )
    with pytest.raises(ValidationError):
        services.return_submit(quarterly_return=quarterly_return, actor=lead)


def test_only_celcis_reviews(lead, member, viewer, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    for actor in (lead, member, viewer):
        with pytest.raises(PermissionDenied):
            services.return_accept(quarterly_return=quarterly_return, actor=actor)
        with pytest.raises(PermissionDenied):
            services.return_send_back(quarterly_return=quarterly_return, actor=actor, comment="x", section_comments={})


def test_a_draft_cannot_be_accepted(celcis, dundee):
    with pytest.raises(ValidationError):
        services.return_accept(quarterly_return=_written(dundee), actor=celcis)


def test_returned_with_comments_shown_beside_sections_and_changes_since(client_for, celcis, lead, member, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    response = client_for(celcis).post(
        _url("return_review", dundee, quarterly_return),
        {"decision": "return", "comment": "Please say more about risks.", "section_risks": "Which funding?"},
    )
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == ReturnStatus.RETURNED
    assert quarterly_return.section_comments == {"risks": "Which funding?"}

    client = client_for(member)
    client.post(
        _url("return_edit", dundee, quarterly_return),
        {**NARRATIVE, "risks": "Funding from the council ends in March 2027.", "version": quarterly_return.version},
    )
    page = client.get(quarterly_return.get_absolute_url()).content.decode()
    assert "Please say more about risks." in page
    assert "Which funding?" in page
    assert page.count("Changed since returned") == 1
    assert NARRATIVE["risks"] in page  # what it said when returned


def test_celcis_comments_on_sections_when_accepting_too_and_the_area_sees_each_beside_its_section(
    client_for, celcis, lead, member, dundee
):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    review = client_for(celcis).get(_url("return_review", dundee, quarterly_return)).content.decode()
    long_text = NARRATIVE["progress"]
    assert long_text in review  # the whole narrative, never cut short
    response = client_for(celcis).post(
        _url("return_review", dundee, quarterly_return),
        {"decision": "accept", "note": "", "section_risks": "Good to see the funding risk named."},
    )
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == ReturnStatus.ACCEPTED
    assert quarterly_return.section_comments == {"risks": "Good to see the funding risk named."}
    page = client_for(member).get(quarterly_return.get_absolute_url()).content.decode()
    assert "Good to see the funding risk named." in page


def test_a_returned_sections_comment_is_shown_beside_that_section_where_the_area_writes(
    client_for, celcis, lead, member, dundee
):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    services.return_send_back(
        quarterly_return=quarterly_return, actor=celcis, comment="More", section_comments={"risks": "Which funding?"}
    )
    page = client_for(member).get(_url("return_edit", dundee, quarterly_return)).content.decode()
    risks_field = page.index('name="risks"')
    comment = page.index("CELCIS commented: “Which funding?”")
    helped_field = page.index('name="helped"')
    assert helped_field < risks_field < comment  # beside its section, not at the top of the page
    assert "Back to the return" in page and ">Cancel<" not in page


def test_returning_needs_a_comment(client_for, celcis, lead, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    response = client_for(celcis).post(_url("return_review", dundee, quarterly_return), {"decision": "return"})
    assert response.status_code == 200
    assert "Say what needs to change." in response.content.decode()  # beside "What needs to change"
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).status == ReturnStatus.SUBMITTED


def test_resubmission_keeps_the_first_submission_date_for_timeliness(celcis, lead, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    first = quarterly_return.first_submitted_at
    services.return_send_back(quarterly_return=quarterly_return, actor=celcis, comment="More", section_comments={})
    later = first + timezone.timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        resubmitted = services.return_submit(quarterly_return=quarterly_return, actor=lead)
    assert resubmitted.first_submitted_at == first
    assert resubmitted.submitted_at == later


def test_celcis_reopens_an_accepted_return_with_a_reason(client_for, celcis, lead, dundee):
    quarterly_return = services.return_submit(quarterly_return=_written(dundee), actor=lead)
    services.return_accept(quarterly_return=quarterly_return, actor=celcis)
    client = client_for(celcis)
    assert client.post(_url("return_reopen", dundee, quarterly_return), {"reason": ""}).status_code == 200
    response = client.post(_url("return_reopen", dundee, quarterly_return), {"reason": "FTE figures were wrong"})
    assert response.status_code == 302
    quarterly_return.refresh_from_db()
    assert quarterly_return.status == ReturnStatus.RETURNED
    assert quarterly_return.review_comment == "FTE figures were wrong"
    assert quarterly_return.accepted_at is None
    with pytest.raises(PermissionDenied):
        services.return_reopen(quarterly_return=quarterly_return, actor=lead, reason="x")


def test_every_step_records_who_when_and_why(client_for, celcis, lead, dundee):
    quarterly_return = services.return_open(area=dundee, quarter=PAST, actor=lead)
    for key, text in NARRATIVE.items():
        setattr(quarterly_return, key, text)
    quarterly_return.save()
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    services.return_send_back(
        quarterly_return=quarterly_return, actor=celcis, comment="More detail", section_comments={}
    )
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    services.return_accept(quarterly_return=quarterly_return, actor=celcis, note="Good")
    services.return_reopen(quarterly_return=quarterly_return, actor=celcis, reason="Late correction")
    steps = list(ReturnEvent.objects.filter(quarterly_return=quarterly_return).values_list("step", "actor", "note"))
    assert [(step, actor) for step, actor, _ in steps] == [
        ("opened", lead.pk),
        ("submitted", lead.pk),
        ("returned", celcis.pk),
        ("submitted", lead.pk),
        ("accepted", celcis.pk),
        ("reopened", celcis.pk),
    ]
    assert [note for *_, note in steps][2:] == [
        "More detail",
        "Resubmitted after changes; figures taken again.",
        "Good",
        "Late correction",
    ]
    page = client_for(lead).get(quarterly_return.get_absolute_url()).content.decode()
    assert "Late correction" in page and "Reopened" in page


def test_another_areas_return_is_not_found(client_for, other_member, dundee, inverclyde):
    ours = QuarterlyReturnFactory(area=dundee)
    client = client_for(other_member)
    assert client.get(_url("return_detail", dundee, ours)).status_code == 404
    # Their own area's slug with our quarter finds nothing of ours either.
    url = reverse("reports:return_detail", kwargs={"area_slug": inverclyde.slug, "quarter": quarter_slug(PAST)})
    assert client.get(url).status_code == 404


def test_a_quarter_that_is_not_one_is_not_found(client_for, member, dundee):
    url = reverse("reports:return_detail", kwargs={"area_slug": dundee.slug, "quarter": "2026-27-q9"})
    assert client_for(member).get(url).status_code == 404


def test_the_area_lead_is_shown_the_way_to_area_reports(client_for, lead, member, dundee):
    url = reverse("reports:return_list", args=[dundee.slug])
    assert reverse("reports:run_list") in client_for(lead).get(url).content.decode()
    assert reverse("reports:run_list") not in client_for(member).get(url).content.decode()


# --- A visit never opens a return (issue #16) ---------------------------------------------------------------


def test_visiting_the_returns_page_opens_no_return(client_for, viewer, member, dundee):
    url = reverse("reports:return_list", args=[dundee.slug])
    for user in (viewer, member):
        assert client_for(user).get(url).status_code == 200
        assert QuarterlyReturn.objects.filter(area=dundee).count() == 0
        assert ReturnEvent.objects.count() == 0


def test_a_member_starts_the_current_quarters_return_once(client_for, member, dundee, settings):
    settings.RETURN_DUE_DAYS = 20
    client = client_for(member)
    url = reverse("reports:return_list", args=[dundee.slug])
    assert "Start this quarter" in client.get(url).content.decode()
    start = reverse("reports:return_start", args=[dundee.slug])
    response = client.post(start)
    current = Quarter.of(timezone.localdate())
    opened = QuarterlyReturn.objects.get(area=dundee)
    assert response.status_code == 302 and response["Location"] == opened.get_absolute_url()
    assert (opened.quarter, opened.status) == (current, ReturnStatus.DRAFT)
    assert opened.due_on == current.end + timezone.timedelta(days=20)
    assert opened.history.first().history_user == member
    client.post(start)  # a second press finds it open
    assert QuarterlyReturn.objects.filter(area=dundee).count() == 1
    assert ReturnEvent.objects.filter(quarterly_return=opened, step=ReturnStep.OPENED).count() == 1
    assert "Start this quarter" not in client.get(url).content.decode()


def test_a_viewer_cannot_start_a_return_and_sees_no_start_button(client_for, viewer, dundee):
    client = client_for(viewer)
    assert "Start this quarter" not in client.get(reverse("reports:return_list", args=[dundee.slug])).content.decode()
    assert client.post(reverse("reports:return_start", args=[dundee.slug])).status_code == 403
    assert client.get(reverse("reports:return_start", args=[dundee.slug])).status_code == 405
    assert not QuarterlyReturn.objects.filter(area=dundee).exists()
    with pytest.raises(PermissionDenied):
        services.return_open(area=dundee, quarter=PAST, actor=viewer)
