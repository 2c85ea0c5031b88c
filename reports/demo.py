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
# The current quarter: one area still drafting, one submitted, one returned for changes.
CURRENT = {
    "dundee": ReturnStatus.DRAFT,
    "inverclyde": ReturnStatus.SUBMITTED,
    "perth-and-kinross": ReturnStatus.RETURNED,
}


def _narrative(area: LocalArea, quarter: Quarter) -> dict[str, str]:
    label = f"(demo return, {area.name}, {quarter})"
    return {
        "progress": f"The first practitioners began using the innovation with coaching every fortnight. {label}",
        "helped": f"Protected time agreed by the council and the health board for the implementation team. {label}",
        "challenges": f"Two practitioners in the transformation zone moved to other posts. {label}",
        "support": f"Help from CELCIS to design a practical fidelity check. {label}",
        "plans": f"Train the second cohort and review the run charts at each team meeting. {label}",
        "risks": f"Funding for dedicated time beyond March is not yet agreed. {label}",
    }


def _on(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _backdate(quarterly_return: QuarterlyReturn, submitted_on, accepted_on=None) -> None:
    """Demo returns of past quarters were submitted (and accepted) around their due date."""
    today = timezone.localdate()
    submitted_on = min(submitted_on, today)
    accepted_on = min(accepted_on, today) if accepted_on else None
    fields = {"first_submitted_at": _on(submitted_on), "submitted_at": _on(submitted_on)}
    if accepted_on:
        fields |= {"accepted_at": _on(accepted_on), "reviewed_at": _on(accepted_on)}
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(**fields)
    for event in ReturnEvent.objects.filter(quarterly_return=quarterly_return):
        day = {"submitted": submitted_on, "accepted": accepted_on}.get(event.step, quarterly_return.quarter.start)
        ReturnEvent.objects.filter(pk=event.pk).update(at=_on(day or submitted_on))


def _make_return(area, quarter, lead, celcis, target: str, *, late_days: int = 0) -> QuarterlyReturn:
    quarterly_return = services.return_open(area=area, quarter=quarter, actor=lead)
    for key, text in _narrative(area, quarter).items():
        setattr(quarterly_return, key, text)
    quarterly_return.save()
    if target == ReturnStatus.DRAFT:
        return quarterly_return
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    if target == ReturnStatus.RETURNED:
        services.return_send_back(
            quarterly_return=quarterly_return,
            actor=celcis,
            comment="Thank you. Please say more about the risk to funding and what the area is doing about it. (demo)",
            section_comments={"risks": "Which budget is affected, and when will it be decided? (demo)"},
        )
    elif target == ReturnStatus.ACCEPTED:
        services.return_accept(quarterly_return=quarterly_return, actor=celcis, note="A clear return. (demo)")
        due = quarterly_return.due_on
        _backdate(quarterly_return, due - timedelta(days=3) + timedelta(days=late_days), due + timedelta(days=5))
    return quarterly_return


def seed(stdout=None) -> None:
    """Two past quarters accepted for every area, the current quarter in three states, and the
    national report for the last full quarter: version 1 signed off and published, version 2 a draft."""
    today = timezone.localdate()
    current = Quarter.of(today)
    past = [current.previous().previous(), current.previous()]
    areas = {a.slug: a for a in LocalArea.objects.filter(slug__in=AREAS)}
    users = {u.username: u for u in User.objects.filter(username__in=[*LEADS.values(), "celcis"])}
    celcis = users["celcis"]

    wanted = {(slug, q.start): ReturnStatus.ACCEPTED for slug in AREAS for q in past}
    wanted |= {(slug, current.start): status for slug, status in CURRENT.items()}
    existing = {
        (r.area.slug, r.quarter_start): r.status
        for r in QuarterlyReturn.objects.filter(
            area__slug__in=AREAS, quarter_start__in=[q.start for q in [*past, current]]
        ).select_related("area")
    }
    if existing != wanted:
        # Bring the demo returns back to their starting state.
        QuarterlyReturn.objects.filter(
            area__slug__in=AREAS, quarter_start__in=[q.start for q in [*past, current]]
        ).delete()
        for quarter in past:
            for slug in AREAS:
                lead = users[LEADS[slug]]
                # Perth & Kinross was two days late with the earlier return.
                late = 5 if (slug == "perth-and-kinross" and quarter == past[0]) else 0
                _make_return(areas[slug], quarter, lead, celcis, ReturnStatus.ACCEPTED, late_days=late)
        for slug, status in CURRENT.items():
            _make_return(areas[slug], current, users[LEADS[slug]], celcis, status)

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
            f"Demo returns ready: {past[0]} and {past[1]} accepted; {current} draft, submitted and returned; "
            f"national report for {past[-1]}: version 1 signed off and published, version 2 a draft."
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
