"""Which pages `pages.py` measures: the heaviest page of every kind, found in the database.

Every kind of page in the access matrix (`tests/*/access_rows.py`) that a GET reads: the area's
overview and each framework's list, detail and history pages, the national pages, the Community of
Practice lists and details, returns and reports. A detail page is measured on its heaviest record
(the team with most members, the measure with most values, the topic with most posts, ...), in the
heaviest programme area. Needs Django set up (read-only queries).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

# The roles a benchmark signs in as, by the names the access matrix uses.
ROLES = ("celcis", "viewer", "lead", "member", "area_viewer", "community")
AREA_READERS = ("celcis", "viewer", "lead", "member", "area_viewer")
NATIONAL_READERS = ("celcis", "viewer")
COMMUNITY_READERS = ROLES
EVERYONE = ROLES
# Measured by default: every page as CELCIS (who reads everything, as in issue 17's figures); the
# pages whose content depends on the role also as each role that reads them.
ROLE_DEPENDENT = {
    "home": EVERYONE,
    "home?areas=all": ("celcis",),
    "areas:overview": AREA_READERS,
    "areas:list": ("celcis", "viewer", "lead"),
    "community:home": ("celcis", "community", "member"),
    "notifications:list": ("celcis", "member"),
    "reports:run_list": ("celcis", "lead"),
}


@dataclass
class Page:
    name: str  # the URL name, with any query that makes it a different page
    path: str
    readers: tuple[str, ...]  # every role that may read it
    about: str = ""  # which record, and why it is the heaviest
    records: bool = False  # a GET records a download (a row per request)
    default_roles: tuple[str, ...] = field(default=())

    def roles(self, wanted: str) -> tuple[str, ...]:
        """The roles to measure: `all` (every reader), `default`, or a comma-separated list."""
        if wanted == "all":
            return self.readers
        if wanted == "default":
            return self.default_roles or ROLE_DEPENDENT.get(self.name, ("celcis",))
        chosen = {role.strip() for role in wanted.split(",")}
        return tuple(role for role in self.readers if role in chosen)


def _count(model, field: str):
    """A subquery counting `model` rows whose `field` is the outer row (one join per count, so
    several counts never multiply into a cross product)."""
    from django.db.models import IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    counted = (
        model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def heaviest_area():
    """The programme area with the most records of the kinds that grow with time."""
    from areas.models import LocalArea
    from cycles.models import Cycle
    from stages.models import StakeholderEngagement
    from teams.models import Action, Meeting

    weight = sum((_count(model, "area") for model in (Meeting, Action, StakeholderEngagement)), _count(Cycle, "area"))
    return LocalArea.objects.in_programme().annotate(weight=weight).order_by("-weight", "name").first()


def _most(queryset, *related: str):
    """The row of `queryset` with the most related rows, counted over the reverse relations `related`."""
    model = queryset.model
    weight = None
    for name in related:
        relation = model._meta.get_field(name)
        term = _count(relation.related_model, relation.field.name)
        weight = term if weight is None else weight + term
    return queryset.annotate(weight=weight).order_by("-weight", "-pk").first()


def _ramp_root(area):
    """The first cycle of the area's longest ramp (cycles that follow one another)."""
    from cycles.models import Cycle

    follows = dict(Cycle.objects.filter(area=area).values_list("pk", "follows_id"))
    sizes: dict[int, int] = {}
    for pk in follows:
        root, seen = pk, set()
        while follows.get(root) and root not in seen:
            seen.add(root)
            root = follows[root]
        sizes[root] = sizes.get(root, 0) + 1
    return max(sizes, key=lambda pk: (sizes[pk], pk)) if sizes else None


def area_pages(area) -> list[Page]:
    """The pages of one area, each on its heaviest record."""
    from core.quarters import quarter_slug
    from cycles.models import Cycle, FeedbackItem
    from drivers.models import Assessment, AssessmentStatus
    from innovations.models import Exploration, FidelityCheck, HexagonAssessment, Innovation
    from measures.models import Measure
    from reports.models import QuarterlyReturn, ReturnStatus
    from stages.models import ReadinessCheck
    from teams.models import Action, Meeting, Team

    slug = {"area_slug": area.slug}
    pages = [
        Page(name, reverse(name, kwargs=slug), AREA_READERS)
        for name in (
            "areas:overview",
            "areas:summary",
            "areas:summary_pdf",
            "areas:history",
            "stages:overview",
            "stages:checklist",
            "stages:targets",
            "stages:history",
            "stages:engagement_list",
            "stages:readiness_list",
            "teams:list",
            "teams:meetings",
            "teams:actions",
            "teams:communications",
            "teams:resourcing",
            "innovations:list",
            "innovations:exploration_list",
            "drivers:list",
            "drivers:progress",
            "drivers:history",
            "measures:list",
            "cycles:list",
            "cycles:timeline",
            "cycles:feedback_list",
            "reports:return_list",
        )
    ]
    pages.append(Page("areas:members", reverse("areas:members", kwargs=slug), ("celcis", "lead")))

    def detail(name, record, about, **kwargs):
        if record is not None:
            pages.append(Page(name, reverse(name, kwargs=slug | kwargs), AREA_READERS, about))

    team = _most(Team.objects.filter(area=area), "members", "meetings")
    detail("teams:detail", team, "the team with most members and meetings", pk=team and team.pk)
    detail("teams:history", team, "that team", pk=team and team.pk)
    meeting = _most(Meeting.objects.filter(area=area), "attendance", "actions")
    detail("teams:meeting_detail", meeting, "the meeting with most attendees and actions", pk=meeting and meeting.pk)
    action = _most(Action.objects.filter(area=area), "cycles")
    detail("teams:action_detail", action, "the action with most PDSA cycles", pk=action and action.pk)

    innovation = _most(Innovation.objects.filter(area=area), "functions", "fidelity_checks", "practitioners")
    if innovation is not None:
        for name in (
            "innovations:detail",
            "innovations:history",
            "innovations:description",
            "innovations:profile",
            "innovations:usability",
            "innovations:stage",
            "innovations:fidelity",
            "innovations:check_list",
            "innovations:checks_due",
            "innovations:practitioner_list",
            "innovations:slice_list",
        ):
            detail(name, innovation, "the innovation with most functions, checks and practitioners", pk=innovation.pk)
        check = _most(FidelityCheck.objects.filter(innovation=innovation), "results")
        if check is not None:
            detail(
                "innovations:check_detail", check, "its check with most results", pk=innovation.pk, check_pk=check.pk
            )
    exploration = _most(Exploration.objects.filter(area=area), "assessments")
    if exploration is not None:
        detail(
            "innovations:exploration_detail", exploration, "the exploration with most assessments", pk=exploration.pk
        )
        hexagon = _most(HexagonAssessment.objects.filter(exploration=exploration), "ratings")
        if hexagon is not None:
            detail(
                "innovations:assessment_detail",
                hexagon,
                "its fullest assessment",
                pk=exploration.pk,
                assessment_pk=hexagon.pk,
            )

    assessment = _most(Assessment.objects.filter(area=area, status=AssessmentStatus.COMPLETED), "scores")
    detail(
        "drivers:assessment_detail",
        assessment,
        "the completed assessment with most scores",
        pk=assessment and assessment.pk,
    )
    readiness = _most(ReadinessCheck.objects.filter(area=area), "answers")
    detail("stages:readiness_detail", readiness, "the readiness check with most answers", pk=readiness and readiness.pk)

    measure = _most(Measure.objects.filter(area=area), "values")
    if measure is not None:
        for name in ("measures:detail", "measures:export", "measures:history"):
            detail(name, measure, "the measure with most values", pk=measure.pk)
    cycle = _most(Cycle.objects.filter(area=area), "feedback_items", "measure_links", "iterations", "followed_by")
    detail(
        "cycles:detail",
        cycle,
        "the cycle with most feedback, measures, iterations and follow-ons",
        pk=cycle and cycle.pk,
    )
    root = _ramp_root(area)
    detail("cycles:ramp", root, "the first cycle of the longest ramp", pk=root)
    feedback = FeedbackItem.objects.filter(area=area).order_by("-pk").first()
    detail("cycles:feedback_detail", feedback, "the latest feedback item", pk=feedback and feedback.pk)

    accepted = (
        QuarterlyReturn.objects.filter(area=area, status=ReturnStatus.ACCEPTED).order_by("-quarter_start").first()
    )
    if accepted is not None:
        detail("reports:return_detail", accepted, "the latest accepted return", quarter=quarter_slug(accepted.quarter))
    return pages


def national_pages() -> list[Page]:
    names = (
        "areas:national",
        "stages:national",
        "stages:catalogue",
        "drivers:national",
        "drivers:catalogue",
        "measures:national",
        "reports:review",
        "reports:figures_export",
    )
    pages = [Page(name, reverse(name), NATIONAL_READERS) for name in names]
    pages.append(Page("areas:national_people", reverse("areas:national_people"), ("celcis",)))
    from drivers.models import ItemSet

    item_set = ItemSet.objects.order_by("-number").first()
    if item_set is not None:
        pages.append(
            Page(
                "drivers:item_set",
                reverse("drivers:item_set", kwargs={"number": item_set.number}),
                NATIONAL_READERS,
                "the latest version",
            )
        )
    figures = reverse("reports:figures_download", kwargs={"kind": "csv"})
    pages.append(Page("reports:figures_download", figures, NATIONAL_READERS, "CSV, default quarters", records=True))
    return pages


def community_pages() -> list[Page]:
    from community.models import Event, ExampleStatus, PracticeExample, Reference, Topic

    pages = [
        Page(name, reverse(name), COMMUNITY_READERS)
        for name in (
            "community:home",
            "community:event_list",
            "community:example_list",
            "community:topic_list",
            "community:reference_list",
        )
    ]
    pages.append(
        Page("community:event_list?show=past", reverse("community:event_list") + "?show=past", COMMUNITY_READERS)
    )
    pages.append(Page("community:search?q=coaching", reverse("community:search") + "?q=coaching", COMMUNITY_READERS))
    topic = _most(Topic.objects.all(), "posts")
    if topic is not None:
        pages.append(
            Page(
                "community:topic_detail",
                reverse("community:topic_detail", kwargs={"pk": topic.pk}),
                COMMUNITY_READERS,
                "the topic with most posts",
            )
        )
    example = _most(PracticeExample.objects.filter(status=ExampleStatus.PUBLISHED), "comments", "revisions", "links")
    if example is not None:
        for name in ("community:example_detail", "community:example_history"):
            pages.append(
                Page(
                    name,
                    reverse(name, kwargs={"pk": example.pk}),
                    COMMUNITY_READERS,
                    "the published example with most comments, revisions and links",
                )
            )
    event = _most(Event.objects.all(), "registrations", "materials")
    if event is not None:
        pages.append(
            Page(
                "community:event_detail",
                reverse("community:event_detail", kwargs={"pk": event.pk}),
                COMMUNITY_READERS,
                "the event with most registrations and materials",
            )
        )
    reference = Reference.objects.annotate(n=Count("tags")).order_by("-n", "-pk").first()
    if reference is not None:
        pages.append(
            Page(
                "community:reference_detail",
                reverse("community:reference_detail", kwargs={"pk": reference.pk}),
                COMMUNITY_READERS,
                "the reference with most tags",
            )
        )
    return pages


def report_pages() -> list[Page]:
    from reports.models import FileKind, ReportRun, ReportScope, RunStatus

    pages = [Page("reports:run_list", reverse("reports:run_list"), ("celcis", "viewer", "lead", "area_viewer"))]
    run = (
        ReportRun.objects.filter(scope=ReportScope.NATIONAL, status=RunStatus.DONE)
        .filter(Q(published=True) | Q(files__kind=FileKind.PDF))
        .order_by("-published", "-quarter_start", "-number")
        .first()
    )
    if run is None:
        return pages
    about = f"national report {run.quarter}, version {run.number}" + (" (published)" if run.published else "")
    readers = NATIONAL_READERS if run.published else ("celcis",)
    pages.append(Page("reports:run_detail", reverse("reports:run_detail", kwargs={"pk": run.pk}), readers, about))
    pages.append(
        Page("reports:run_report", reverse("reports:run_report", kwargs={"pk": run.pk}), readers, about, records=True)
    )
    pdf = reverse("reports:run_file", kwargs={"pk": run.pk, "kind": "pdf"})
    pages.append(Page("reports:run_file pdf", pdf, readers, about, records=True))
    return pages


def all_pages(area) -> list[Page]:
    """Every page to measure, the floor (`/glossary/`) first."""
    pages = [
        Page("glossary", reverse("glossary"), EVERYONE, "the floor"),
        Page("home", reverse("home"), EVERYONE),
        Page("home?areas=all", reverse("home") + "?areas=all", ("celcis",), "CELCIS's home page for every area"),
        Page("areas:list", reverse("areas:list"), ("celcis", "viewer", "lead", "member", "area_viewer")),
        Page("notifications:list", reverse("notifications:list"), EVERYONE),
    ]
    return pages + area_pages(area) + national_pages() + community_pages() + report_pages()
