"""Reads for usable innovations. Every function here uses a fixed number of queries, however many
innovations, checks or ratings lie behind it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from areas.history import HistoryEntry, history_entries, history_page
from core.dates import day_label
from core.quarters import Quarter
from stages.models import ActivityProgress, StageChange, StageChangeStatus

from .fidelity import (
    CheckDue,
    CheckOutcome,
    DatedFigures,
    QuarterFigures,
    SliceFigures,
    check_due,
    fidelity_status,
    quarterly_figures,
    quarters_to_show,
    slice_figures_on,
    slice_totals,
)
from .models import (
    EssentialFunction,
    Exploration,
    FidelityCheck,
    FidelityItem,
    HexagonAssessment,
    HexagonIndicator,
    HexagonRating,
    Innovation,
    InnovationStatus,
    PracticeDescription,
    PracticeLevel,
    Practitioner,
    PractitionerFigures,
    SystemSlice,
    UsabilityCriterion,
    UsabilityJudgement,
    UsabilityReview,
)
from .usability import Judgement, UsabilityVerdict, verdict

# --- Summaries for lists and the overview panel --------------------------------------------------


@dataclass
class InnovationSummary:
    innovation: Innovation
    stage: StageChange | None
    proposal: StageChange | None
    usability: UsabilityVerdict
    fidelity: QuarterFigures | None  # the current quarter, once there are figures or checks


def _check_outcomes(rows) -> list[CheckOutcome]:
    return [
        CheckOutcome(practitioner=practitioner, checked_on=checked_on, meets=meets, sequence=pk)
        for practitioner, checked_on, meets, pk in rows
    ]


FIGURE_COLUMNS = ("effective_on", "practitioners_intended", "practitioners_trained", "slice_id", "pk")


def _dated_figures(rows) -> list[DatedFigures]:
    return [
        DatedFigures(effective_on=day, intended=intended, trained=trained, slice=slice_id, sequence=pk)
        for day, intended, trained, slice_id, pk in rows
    ]


def summaries(area, innovations: list[Innovation], today: date | None = None) -> list[InnovationSummary]:
    """Stage, usability verdict and this quarter's proportion at fidelity for each innovation (four
    queries)."""
    today = today or timezone.localdate()
    ids = [i.pk for i in innovations]
    content_type = ContentType.objects.get_for_model(Innovation)
    stage_of: dict[int, StageChange] = {}
    proposal_of: dict[int, StageChange] = {}
    changes = StageChange.objects.filter(
        area=area,
        subject_content_type=content_type,
        subject_object_id__in=ids,
        status__in=[StageChangeStatus.CONFIRMED, StageChangeStatus.PROPOSED],
    ).order_by("entered_on", "pk")
    for change in changes:
        target = stage_of if change.status == StageChangeStatus.CONFIRMED else proposal_of
        target[change.subject_object_id] = change

    verdicts = usability_verdicts(innovations)

    recorded: dict[int, list] = defaultdict(list)
    for innovation_id, *row in PractitionerFigures.objects.filter(area=area, innovation_id__in=ids).values_list(
        "innovation_id", *FIGURE_COLUMNS
    ):
        recorded[innovation_id].append(row)
    checks: dict[int, list] = defaultdict(list)
    left_on: dict[int, date] = {}
    for innovation_id, practitioner_id, checked_on, meets, pk, left in FidelityCheck.objects.filter(
        area=area, innovation_id__in=ids
    ).values_list("innovation_id", "practitioner_id", "checked_on", "meets_fidelity", "pk", "practitioner__left_on"):
        checks[innovation_id].append((practitioner_id, checked_on, meets, pk))
        if left:
            left_on[practitioner_id] = left

    result = []
    for innovation in innovations:
        latest = None
        if recorded[innovation.pk] or checks[innovation.pk]:
            latest = quarterly_figures(
                [Quarter.of(today)],
                _dated_figures(recorded[innovation.pk]),
                _check_outcomes(checks[innovation.pk]),
                today=today,
                validity_months=innovation.fidelity_validity_months,
                left_on=left_on,
            )[0]
        result.append(
            InnovationSummary(
                innovation=innovation,
                stage=stage_of.get(innovation.pk),
                proposal=proposal_of.get(innovation.pk),
                usability=verdicts[innovation.pk],
                fidelity=latest,
            )
        )
    return result


PANEL_LIMIT = 6


def current_innovations(area):
    """The area's innovations in use or on their way (all but those not selected or discontinued), by
    name: the overview panel's and the quarterly return's."""
    return (
        Innovation.objects.filter(area=area)
        .exclude(status__in=[InnovationStatus.NOT_SELECTED, InnovationStatus.DISCONTINUED])
        .order_by("name", "pk")
    )


def overview_panel(area, access) -> dict:
    """The area overview's innovations panel: current innovations with stage, usability and fidelity."""
    current = current_innovations(area)
    shown = list(current[:PANEL_LIMIT])
    total = current.count() if len(shown) == PANEL_LIMIT else len(shown)
    return {"rows": summaries(area, shown), "total": total, "more": total - len(shown)}


# --- One innovation ------------------------------------------------------------------------------


def verdict_for(innovation: Innovation) -> UsabilityVerdict:
    """The usability verdict from the innovation's latest judgement on each criterion (one query)."""
    return usability_verdicts([innovation])[innovation.pk]


def usability_verdicts(innovations: list[Innovation], on: date | None = None) -> dict[int, UsabilityVerdict]:
    """Innovation id → its usability verdict (from the judgements made by `on`, if given; one query)."""
    judgements: dict[int, list[Judgement]] = defaultdict(list)
    made = UsabilityJudgement.objects.filter(innovation__in=innovations)
    if on is not None:
        made = made.filter(review__reviewed_on__lte=on)
    for innovation_id, criterion, rating, evidence, judged_on in made.order_by(
        "review__reviewed_on", "review_id"
    ).values_list("innovation_id", "criterion", "rating", "evidence", "review__reviewed_on"):
        judgements[innovation_id].append(Judgement(criterion, rating, evidence, judged_on))
    return {i.pk: verdict(judgements[i.pk]) for i in innovations}


def usability_reviews(innovation: Innovation, limit: int = 8) -> tuple[list[UsabilityReview], list[dict]]:
    """The latest reviews (newest first) and, per criterion, each review's judgement (two queries)."""
    reviews = list(UsabilityReview.objects.filter(innovation=innovation).select_related("recorded_by")[:limit])
    cells = {(j.review_id, j.criterion): j for j in UsabilityJudgement.objects.filter(review__in=reviews).order_by()}
    rows = [
        {"criterion": criterion, "label": label, "cells": [cells.get((r.pk, criterion)) for r in reviews]}
        for criterion, label in UsabilityCriterion.choices
    ]
    return reviews, rows


@dataclass
class ProfileRow:
    function: EssentialFunction
    cells: list[str] = field(default_factory=list)


def practice_profile(innovation: Innovation) -> tuple[list[PracticeLevel], list[ProfileRow]]:
    """Levels (columns) and, for each essential function in order, its description at each level."""
    levels = list(PracticeLevel.objects.filter(innovation=innovation))
    functions = list(EssentialFunction.objects.filter(innovation=innovation))
    texts = {(d.function_id, d.level_id): d.text for d in PracticeDescription.objects.filter(innovation=innovation)}
    rows = [ProfileRow(function=f, cells=[texts.get((f.pk, level.pk), "") for level in levels]) for f in functions]
    return levels, rows


def check_outcomes(innovation: Innovation) -> tuple[list[CheckOutcome], dict[int, date]]:
    """Every check of the innovation as outcomes, and practitioners' leaving dates (two queries)."""
    outcomes = _check_outcomes(
        FidelityCheck.objects.filter(innovation=innovation).values_list(
            "practitioner_id", "checked_on", "meets_fidelity", "pk"
        )
    )
    left_on = dict(
        Practitioner.objects.filter(innovation=innovation, left_on__isnull=False).values_list("pk", "left_on")
    )
    return outcomes, left_on


def dated_figures(innovation: Innovation) -> list[DatedFigures]:
    """Every intended / trained figure of the innovation and its slices (one query)."""
    return _dated_figures(PractitionerFigures.objects.filter(innovation=innovation).values_list(*FIGURE_COLUMNS))


def fidelity_by_quarter(innovation: Innovation, today: date | None = None) -> list[QuarterFigures]:
    """Intended, trained, at fidelity and check overdue for each quarter from the first with data to
    the current one, all derived from the dated figures and the checks."""
    today = today or timezone.localdate()
    figures = dated_figures(innovation)
    outcomes, left_on = check_outcomes(innovation)
    quarters = quarters_to_show([f.effective_on for f in figures], [c.checked_on for c in outcomes], today)
    return quarterly_figures(
        quarters,
        figures,
        outcomes,
        today=today,
        validity_months=innovation.fidelity_validity_months,
        left_on=left_on,
    )


def figure_records(innovation: Innovation):
    """The innovation's dated figures as recorded, newest first, with their slice."""
    return PractitionerFigures.objects.filter(innovation=innovation).select_related("slice")


@dataclass
class DueRow:
    practitioner: Practitioner
    due: CheckDue


def checks_due(innovation: Innovation, today: date | None = None) -> list[DueRow]:
    """Each practitioner still using the innovation with when their next check is due: overdue first,
    then by due date, those never checked last (one query)."""
    today = today or timezone.localdate()
    rows = [
        DueRow(p, check_due(p.pk, p.latest_checked_on, today, innovation.fidelity_validity_months))
        for p in practitioners_with_latest_check(innovation).filter(left_on__isnull=True)
    ]
    return sorted(rows, key=lambda r: (r.due.due is None, r.due.due or today, r.practitioner.code))


def active_items(innovation: Innovation) -> list[FidelityItem]:
    """The instrument's items a new check is marked on (those not retired)."""
    return list(FidelityItem.objects.filter(innovation=innovation, retired_on__isnull=True))


def indicators_for(tool_version: str) -> list[HexagonIndicator]:
    """The Hexagon Tool's indicators in one version, in order."""
    return list(HexagonIndicator.objects.filter(tool_version=tool_version))


def instrument(innovation: Innovation) -> list[FidelityItem]:
    return list(FidelityItem.objects.filter(innovation=innovation).select_related("function"))


@dataclass
class SliceRow:
    slice: SystemSlice
    figures: SliceFigures
    is_zone: bool


def slice_rows(innovation: Innovation, today: date | None = None) -> tuple[list[SliceRow], SliceFigures]:
    """Each slice with practitioners intended and trained (its latest figures) and at fidelity and
    check overdue now (from the latest check of each practitioner in the slice), and the sums."""
    today = today or timezone.localdate()
    slices = list(SystemSlice.objects.filter(innovation=innovation))
    outcomes, left_on = check_outcomes(innovation)
    status = fidelity_status(outcomes, today, validity_months=innovation.fidelity_validity_months, left_on=left_on)
    slice_of = dict(
        Practitioner.objects.filter(innovation=innovation, slice__isnull=False).values_list("pk", "slice_id")
    )
    rows = figures_by_slice(slices, dated_figures(innovation), status, slice_of, today)
    return rows, slice_totals(r.figures for r in rows)


def figures_by_slice(slices: list[SystemSlice], figures, status, slice_of: dict, figures_on: date) -> list[SliceRow]:
    """Each slice's intended and trained (its latest figures by `figures_on`), and its practitioners
    at fidelity and with their check overdue (`status`; `slice_of`: practitioner → slice)."""
    latest = slice_figures_on(figures, figures_on)
    counts: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    for practitioner in status.at_fidelity:
        if practitioner in slice_of:
            counts[slice_of[practitioner]] += 1
    for practitioner in status.overdue:
        if practitioner in slice_of:
            overdue[slice_of[practitioner]] += 1
    rows = []
    for index, one in enumerate(slices):
        found = latest.get(one.pk)
        rows.append(
            SliceRow(
                slice=one,
                figures=SliceFigures(
                    intended=found.intended if found else None,
                    trained=found.trained if found else None,
                    at_fidelity=counts[one.pk],
                    overdue=overdue[one.pk],
                ),
                is_zone=index == 0,
            )
        )
    return rows


def practitioners_with_latest_check(innovation: Innovation):
    """The innovation's practitioners, each with their latest check's date and result and their count."""
    return with_latest_check(Practitioner.objects.filter(innovation=innovation))


def with_latest_check(practitioners):
    """These practitioners, each with their slice, their latest check's date and result and their count."""
    latest = FidelityCheck.objects.filter(practitioner=OuterRef("pk")).order_by("-checked_on", "-pk")
    return practitioners.select_related("slice").annotate(
        checks_count=Count("checks"),
        latest_checked_on=Subquery(latest.values("checked_on")[:1]),
        latest_meets=Subquery(latest.values("meets_fidelity")[:1]),
        latest_score=Subquery(latest.values("score_percent")[:1]),
    )


# --- Explorations --------------------------------------------------------------------------------


@dataclass
class Candidate:
    innovation: Innovation
    assessment: HexagonAssessment
    ratings: list[HexagonRating | None]
    earlier: int  # assessments of this candidate before the latest

    # The ratings structure a discussion: never added into a total or a ranking (DOMAIN.md).
    @property
    def lowest(self) -> list[HexagonRating]:
        """The lowest-rated indicators (every one sharing the lowest rating)."""
        rated = [r for r in self.ratings if r is not None]
        floor = min((r.rating for r in rated), default=None)
        return [r for r in rated if r.rating == floor]

    @property
    def concerns(self) -> list[HexagonRating]:
        """Ratings of 1 or 2 on an indicator whose low rating must be resolved before deciding."""
        return [r for r in self.ratings if r is not None and r.is_concern]


def hexagon_comparison(exploration: Exploration) -> dict:
    """The candidates side by side: each one's latest assessment, indicator by indicator (three queries)."""
    indicators = list(HexagonIndicator.objects.filter(tool_version=exploration.tool_version))
    assessments = list(
        HexagonAssessment.objects.filter(exploration=exploration).select_related("innovation", "recorded_by")
    )
    latest: dict[int, HexagonAssessment] = {}
    counts: dict[int, int] = defaultdict(int)
    for assessment in assessments:  # newest first
        latest.setdefault(assessment.innovation_id, assessment)
        counts[assessment.innovation_id] += 1
    by_pk = {i.pk: i for i in indicators}
    ratings = {}
    for rating in HexagonRating.objects.filter(assessment__in=list(latest.values())).order_by():
        rating.indicator = by_pk.get(rating.indicator_id) or rating.indicator
        ratings[(rating.assessment_id, rating.indicator_id)] = rating
    candidates = sorted(
        (
            Candidate(
                innovation=a.innovation,
                assessment=a,
                ratings=[ratings.get((a.pk, i.pk)) for i in indicators],
                earlier=counts[a.innovation_id] - 1,
            )
            for a in latest.values()
        ),
        key=lambda c: c.innovation.name,  # by name: never ranked
    )
    rows = [
        {"indicator": indicator, "cells": [c.ratings[index] for c in candidates]}
        for index, indicator in enumerate(indicators)
    ]
    return {
        "indicators": indicators,
        "candidates": candidates,
        "rows": rows,
        "concerns": [c for c in candidates if c.concerns],
        "assessments": assessments,
    }


def explorations_for(area):
    """The area's explorations with how many candidates each has assessed."""
    return (
        Exploration.objects.filter(area=area)
        .select_related("chosen")
        .annotate(candidates_count=Count("assessments__innovation", distinct=True))
    )


def assessment_ratings(assessment: HexagonAssessment) -> list[HexagonRating]:
    return list(HexagonRating.objects.filter(assessment=assessment).select_related("indicator"))


# --- History -------------------------------------------------------------------------------------


def innovation_history(innovation: Innovation, page_number=None):
    """One page of the changes to the innovation and the records that belong to it, newest first:
    `(page, entries)`. Only the page's records are read and described."""
    pk = innovation.pk
    names: dict = {}

    def name(model, field: str, record_id, default: str) -> str:
        """A record's name from its history (read once a page, and only when an entry needs it)."""
        if model not in names:
            names[model] = dict(model.history.filter(innovation_id=pk).values_list("id", field))
        return names[model].get(record_id, default)

    criteria = dict(UsabilityCriterion.choices)
    content_type = ContentType.objects.get_for_model(Innovation)
    subject = {"subject_content_type_id": content_type.pk, "subject_object_id": pk}

    def profile_cell(r):
        function = name(EssentialFunction, "name", r.function_id, "a function")
        return f"Practice profile: {function} – {name(PracticeLevel, 'name', r.level_id, 'a level')}"

    def figures_entry(r):
        where = f" in {name(SystemSlice, 'name', r.slice_id, 'a slice')}" if r.slice_id else ""
        return f"Practitioners intended and trained{where} from {day_label(r.effective_on)}"

    def check(r):
        practitioner = name(Practitioner, "code", r.practitioner_id, "a practitioner")
        return f"Fidelity check of {practitioner}, {day_label(r.checked_on)}"

    # Most records belong to the innovation through their `innovation_id`.
    owned = [
        (EssentialFunction, lambda r: f"Essential function: {r.name}"),
        (PracticeLevel, lambda r: f"Practice profile level: {r.name}"),
        (PracticeDescription, profile_cell),
        (UsabilityReview, lambda r: f"Usability judgement of {day_label(r.reviewed_on)}"),
        (UsabilityJudgement, lambda r: f"Usability: {criteria.get(r.criterion, r.criterion)}"),
        (FidelityItem, lambda r: f"Fidelity item: {r.text}"),
        (Practitioner, lambda r: f"Practitioner {r.code}"),
        (FidelityCheck, check),
        (PractitionerFigures, figures_entry),
        (SystemSlice, lambda r: f"Slice of the system: {r.name}"),
    ]
    sources = [
        (Innovation.history.filter(id=pk), lambda r: "Innovation details"),
        *((model.history.filter(innovation_id=pk), describe) for model, describe in owned),
        (StageChange.history.filter(**subject), lambda r: f"Stage change: {r.get_stage_display()}"),
        (ActivityProgress.history.filter(**subject).select_related("activity"), lambda r: f"Activity: {r.activity}"),
        (
            HexagonAssessment.history.filter(innovation_id=pk),
            lambda r: f"Hexagon Tool assessment, {day_label(r.assessed_on)}",
        ),
    ]
    return history_page(sources, page_number, cache_key=f"innovations:history:{pk}", area_ids=[innovation.area_id])


def exploration_history(exploration: Exploration, limit: int = 10) -> list[HistoryEntry]:
    entries = history_entries(exploration.history.all(), describe=lambda r: "Exploration and decision")
    entries += history_entries(
        HexagonAssessment.history.filter(exploration_id=exploration.pk),
        describe=lambda r: f"Hexagon Tool assessment, {day_label(r.assessed_on)}",
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]
