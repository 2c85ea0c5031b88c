"""Demo returns and a published national report, made through the real services and the real
report pipeline (run in-process). Every demo narrative says it is demo text."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from areas.models import LocalArea, User
from core.quarters import Quarter

from . import services
from .models import KeyMessages, QuarterlyReturn, ReportRun, ReportScope, ReturnEvent, ReturnStatus, RunStatus
from .services.runs import key_messages_save

# CELCIS's first page of the demo national report, added to the portal's draft list and signed off.
DEMO_KEY_MESSAGES = {
    "themes": "Coaching capacity is the constraint every area names: trained practitioners wait for coaching. (demo)\n"
    "Areas that review their run charts at team meetings act sooner on what the data show. (demo)",
    "risks": "Funding for dedicated time beyond March is not agreed in two areas. (demo)\n"
    "Turnover in the first cohorts could take areas back to installation. (demo)",
    "asks": "Confirm funding for local dedicated time for 2027-28 by January. (demo)\n"
    "Support a national coaching network so areas can share coaches. (demo)",
}

AREAS = ["dundee", "inverclyde", "perth-and-kinross"]
LEADS = {"dundee": "dundee-lead", "inverclyde": "inverclyde-lead", "perth-and-kinross": "perth-lead"}
# The last quarter that has ended (a return can only be submitted once its quarter is over): one area
# still drafting, one submitted, one returned for changes. Dundee has also started the current quarter's.
LAST_ENDED = {
    "dundee": ReturnStatus.DRAFT,
    "inverclyde": ReturnStatus.SUBMITTED,
    "perth-and-kinross": ReturnStatus.RETURNED,
}
STARTED_EARLY = ("dundee",)

# Each area's own account, in its own words, so the report's cross-area sections compare real
# differences. Two versions per area: earlier quarters, then the latest ones.
NARRATIVES = {
    "dundee": [
        {
            "progress": "The team met fortnightly and agreed the first slice: two health visiting teams.",
            "helped": "Protected time agreed by the council and NHS Tayside for the implementation team.",
            "challenges": "Finding a time every partner could meet; education joined late.",
            "support": "Help from CELCIS to run the Hexagon exploration with the candidate innovations.",
            "plans": "Choose the innovation and plan the training of the first cohort.",
            "risks": "The team relies on two people's dedicated time.",
        },
        {
            "progress": "Twelve practitioners in the first slice now use the practice profile; fidelity checks began.",
            "helped": "Coaching every fortnight from two trained coaches in the health visiting service.",
            "challenges": "Practitioners wait for coaching: two coaches cannot cover a second slice.",
            "support": "A practical fidelity check that fits a home visit; CELCIS coaching for the coaches.",
            "plans": "Train a third coach and define the second slice with social work.",
            "risks": "Coaching capacity: the second slice will stall without a third coach.",
        },
    ],
    "inverclyde": [
        {
            "progress": "The team mapped the referral pathway with families and community groups.",
            "helped": "Families' own accounts of the pathway, gathered by the third-sector partner.",
            "challenges": "Data on re-referrals is held in two systems that do not match.",
            "support": "Advice on measures that do not need a new data system.",
            "plans": "Agree three shared measures and start the run charts.",
            "risks": "Turnover in the social work team that holds the pathway.",
        },
        {
            "progress": "Run charts for re-referrals and time to first support are reviewed at every team meeting.",
            "helped": "A data analyst from the health and social care partnership one day a week.",
            "challenges": "Two practitioners in the transformation zone moved to other posts.",
            "support": "Help to plan PDSA cycles that test the new first-contact conversation.",
            "plans": "Run the first-contact test in a second locality and compare the run charts.",
            "risks": "Analyst time ends in March unless the partnership renews it.",
        },
    ],
    "perth-and-kinross": [
        {
            "progress": "Schools and family support agreed a shared definition of early concern.",
            "helped": "Head teachers' forum gave time at each meeting for the programme.",
            "challenges": "Rural localities are far apart, so team meetings are online.",
            "support": "Examples from other areas of engaging schools in implementation teams.",
            "plans": "Explore two candidate approaches with the Hexagon tool.",
            "risks": "Funding for dedicated time beyond March is not yet agreed.",
        },
        {
            "progress": "The usability testing of the family support plan finished its second iteration.",
            "helped": "Practitioners' feedback changed the plan's format twice in one term.",
            "challenges": "Practice-policy feedback is slow to come back from the council's policy team.",
            "support": "A route to raise policy barriers with the national team.",
            "plans": "Move the first slice to initial implementation and start fidelity checks.",
            "risks": "Funding for dedicated time beyond March is not yet agreed.",
        },
    ],
}


def _narrative(area: LocalArea, quarter: Quarter, latest: bool) -> dict[str, str]:
    texts = NARRATIVES.get(area.slug, NARRATIVES["dundee"])[1 if latest else 0]
    return {key: f"{text} (demo return, {area.name}, {quarter})" for key, text in texts.items()}


def _on(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _backdate(quarterly_return: QuarterlyReturn, submitted_on, accepted_on=None, returned_on=None) -> None:
    """Demo returns were submitted (and reviewed) around their due date, never later than today."""
    today = timezone.localdate()
    submitted_on = min(submitted_on, today)
    reviewed_on = min(accepted_on or returned_on, today) if (accepted_on or returned_on) else None
    fields = {
        "first_submitted_at": _on(submitted_on),
        "submitted_at": _on(submitted_on),
        "snapshot_taken_at": _on(submitted_on),
    }
    if reviewed_on:
        fields["reviewed_at"] = _on(reviewed_on)
    if accepted_on:
        fields["accepted_at"] = _on(reviewed_on)
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(**fields)
    days = {"submitted": submitted_on, "accepted": reviewed_on, "returned": reviewed_on}
    for event in ReturnEvent.objects.filter(quarterly_return=quarterly_return):
        day = days.get(event.step) or (submitted_on if event.step != "opened" else quarterly_return.quarter.start)
        ReturnEvent.objects.filter(pk=event.pk).update(at=_on(day))


def _make_return(area, quarter, lead, celcis, target: str, *, latest: bool, late_days: int = 0) -> QuarterlyReturn:
    quarterly_return = services.return_open(area=area, quarter=quarter, actor=lead)
    for key, text in _narrative(area, quarter, latest).items():
        setattr(quarterly_return, key, text)
    quarterly_return.save()
    if target == ReturnStatus.DRAFT:
        return quarterly_return
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    due = quarterly_return.due_on
    if target == ReturnStatus.RETURNED:
        services.return_send_back(
            quarterly_return=quarterly_return,
            actor=celcis,
            comment="Thank you. Please say more about the risk to funding and what the area is doing about it. (demo)",
            section_comments={"risks": "Which budget is affected, and when will it be decided? (demo)"},
        )
        _backdate(quarterly_return, due - timedelta(days=2), returned_on=due + timedelta(days=4))
    elif target == ReturnStatus.SUBMITTED:
        _backdate(quarterly_return, due - timedelta(days=1))
    elif target == ReturnStatus.ACCEPTED:
        services.return_accept(quarterly_return=quarterly_return, actor=celcis, note="A clear return. (demo)")
        _backdate(quarterly_return, due - timedelta(days=3) + timedelta(days=late_days), due + timedelta(days=5))
    return quarterly_return


def seed(stdout=None) -> None:
    """Two earlier quarters accepted for every area, the last quarter that has ended in three states,
    the current quarter's return started by one area (a draft: it cannot be submitted before the
    quarter ends), and the national report for the last quarter with every return accepted: version 1
    signed off and published, version 2 a draft."""
    today = timezone.localdate()
    current = Quarter.of(today)
    last = current.previous()
    past = [last.previous().previous(), last.previous()]
    areas = {a.slug: a for a in LocalArea.objects.filter(slug__in=AREAS)}
    users = {u.username: u for u in User.objects.filter(username__in=[*LEADS.values(), "celcis"])}
    celcis = users["celcis"]
    quarters = [*past, last, current]

    wanted = {(slug, q.start): ReturnStatus.ACCEPTED for slug in AREAS for q in past}
    wanted |= {(slug, last.start): status for slug, status in LAST_ENDED.items()}
    wanted |= {(slug, current.start): ReturnStatus.DRAFT for slug in STARTED_EARLY}
    existing = {
        (r.area.slug, r.quarter_start): r.status
        for r in QuarterlyReturn.objects.filter(
            area__slug__in=AREAS, quarter_start__in=[q.start for q in quarters]
        ).select_related("area")
    }
    if existing != wanted:
        # Bring the demo returns back to their starting state.
        QuarterlyReturn.objects.filter(area__slug__in=AREAS, quarter_start__in=[q.start for q in quarters]).delete()
        for quarter in past:
            for slug in AREAS:
                lead = users[LEADS[slug]]
                # Perth & Kinross was five days late with the earlier return.
                late = 5 if (slug == "perth-and-kinross" and quarter == past[0]) else 0
                _make_return(
                    areas[slug],
                    quarter,
                    lead,
                    celcis,
                    ReturnStatus.ACCEPTED,
                    latest=quarter == past[-1],
                    late_days=late,
                )
        for slug, status in LAST_ENDED.items():
            _make_return(areas[slug], last, users[LEADS[slug]], celcis, status, latest=True)
        for slug in STARTED_EARLY:
            _make_return(areas[slug], current, users[LEADS[slug]], celcis, ReturnStatus.DRAFT, latest=True)

    published = ReportRun.objects.filter(
        scope=ReportScope.NATIONAL, quarter_start=past[-1].start, published=True, status=RunStatus.DONE
    )
    if not published.exists():
        run = _build_national(past[-1], celcis, stdout)
        if run is not None:
            _sign_off(run, celcis)
            services.report_run_publish(run=run, actor=celcis)
            # A later version, built and not yet published: every page marked DRAFT, its key messages
            # carried over from version 1 and waiting for CELCIS to sign them off again.
            _build_national(past[-1], celcis, stdout)
    if stdout:
        stdout.write(
            f"Demo returns ready: {past[0]} and {past[1]} accepted; {last} draft, submitted and returned; "
            f"{current} started by {', '.join(STARTED_EARLY)}; national report for {past[-1]}: version 1 signed "
            "off and published, version 2 a draft."
        )


def _build_national(quarter: Quarter, celcis, stdout) -> ReportRun | None:
    from neglect_portal.celery import app

    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # built here and now, whatever broker is configured
    try:
        run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=quarter)
        services.report_run_queue(run)
    finally:
        app.conf.task_always_eager = was_eager
    run.refresh_from_db()
    if run.status != RunStatus.DONE:
        if stdout:
            stdout.write(f"The demo national report could not be built: {run.error}")
        return None
    return run


def _sign_off(run: ReportRun, celcis) -> None:
    """CELCIS keeps the portal's draft messages, adds its own themes, risks and asks, and signs off."""
    key_messages = KeyMessages.objects.get(run=run)
    messages = key_messages.messages or "Every programme area's return was accepted. (demo)"
    key_messages_save(
        key_messages=key_messages,
        actor=celcis,
        data={
            "messages": messages + "\nCELCIS sign-off text for the demo national report. (demo)",
            **DEMO_KEY_MESSAGES,
            "sign_off": True,
        },
        expected_version=key_messages.version,
    )
