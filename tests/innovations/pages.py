"""Every innovations page's URL, filled in from the demo data, for the page and browser tests."""

from django.urls import reverse

from areas import demo as area_demo
from areas.models import User
from innovations import demo, urls
from innovations.models import Exploration, Innovation, InnovationStatus
from stages import demo as stage_demo
from stages import services as stage_services
from stages.models import StageActivity, StageChange, StageChangeStatus

ACTIONS = {"function_move", "items_from_functions"}  # POST only: reached through buttons, not links

# The pages in four groups, one browser test each (tests/browser/test_innovations.py).
REGISTER = ["list", "create", "detail", "update", "status", "history", "description", "description_update"]
PROFILE = ["function_create", "function_update", "function_remove", "profile", "profile_row", "level_create"]
PROFILE += ["level_update", "level_remove", "usability", "usability_create"]
STAGE_AND_FIDELITY = ["stage", "stage_change", "stage_decide", "activity_progress", "fidelity", "item_create"]
STAGE_AND_FIDELITY += ["item_update", "check_list", "check_create", "check_detail", "checks_due", "figures_create"]
STAGE_AND_FIDELITY += ["figures_update"]
SCALE_AND_EXPLORATION = ["practitioner_list", "practitioner_create", "practitioner_update", "slice_list"]
SCALE_AND_EXPLORATION += ["slice_create", "slice_update", "exploration_list", "exploration_create"]
SCALE_AND_EXPLORATION += ["exploration_detail", "exploration_update", "assessment_create", "assessment_detail"]
SCALE_AND_EXPLORATION += ["exploration_decide"]


def seed_demo():
    """The demo users, stages and innovations (not the other apps' demo data)."""
    area_demo.seed()
    stage_demo.seed()
    demo.seed()


def page_urls(area_slug="dundee") -> dict[str, str]:
    """URL name → a URL for every GET page, about the area's demo innovation and exploration. A
    member's stage proposal is added so the page that decides it exists."""
    innovation = Innovation.objects.get(area__slug=area_slug, status=InnovationStatus.IN_USE)
    exploration = Exploration.objects.get(area__slug=area_slug)
    if not StageChange.objects.filter(status=StageChangeStatus.PROPOSED, area=innovation.area).exists():
        stage_services.stage_change_record(
            area=innovation.area,
            actor=User.objects.get(username=f"{area_slug.split('-')[0]}-member"),
            stage="installation",
            entered_on=innovation.created_at.date(),
            reason="Back to installation for the new cohort",
            subject=innovation,
        )
    values = {
        "area_slug": area_slug,
        "function_pk": innovation.functions.first().pk,
        "level_pk": innovation.practice_levels.first().pk,
        "item_pk": innovation.fidelity_items.first().pk,
        "check_pk": innovation.fidelity_checks.first().pk,
        "figures_pk": innovation.practitioner_figures.first().pk,
        "practitioner_pk": innovation.practitioners.first().pk,
        "slice_pk": innovation.slices.first().pk,
        "change_pk": StageChange.objects.get(status=StageChangeStatus.PROPOSED, area=innovation.area).pk,
        "activity_pk": StageActivity.objects.first().pk,
        "assessment_pk": exploration.assessments.first().pk,
    }
    result = {}
    for pattern in urls.urlpatterns:
        if pattern.name in ACTIONS:
            continue
        names = pattern.pattern.regex.groupindex
        kwargs = {name: values.get(name) for name in names}
        if "pk" in names:
            on_exploration = pattern.name.startswith(("exploration", "assessment"))
            kwargs["pk"] = exploration.pk if on_exploration else innovation.pk
        result[pattern.name] = reverse(f"innovations:{pattern.name}", kwargs=kwargs)
    return result
