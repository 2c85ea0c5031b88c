from django.urls import path

from stages import views as stage_views

from .views import description, explorations, profile, register, scale, usability
from .views.stage import INNOVATION_STAGE

app_name = "innovations"

area = "areas/<slug:area_slug>/"
one = f"{area}innovations/<int:pk>/"

urlpatterns = [
    # The register
    path(f"{area}innovations/", register.InnovationListView.as_view(), name="list"),
    path(f"{area}innovations/new/", register.InnovationCreateView.as_view(), name="create"),
    path(one, register.InnovationDetailView.as_view(), name="detail"),
    path(f"{one}edit/", register.InnovationUpdateView.as_view(), name="update"),
    path(f"{one}status/", register.InnovationStatusView.as_view(), name="status"),
    path(f"{one}history/", register.InnovationHistoryView.as_view(), name="history"),
    # Description and essential functions
    path(f"{one}description/", description.DescriptionView.as_view(), name="description"),
    path(f"{one}description/edit/", description.DescriptionUpdateView.as_view(), name="description_update"),
    path(f"{one}functions/new/", description.FunctionCreateView.as_view(), name="function_create"),
    path(f"{one}functions/<int:function_pk>/edit/", description.FunctionUpdateView.as_view(), name="function_update"),
    path(f"{one}functions/<int:function_pk>/move/", description.FunctionMoveView.as_view(), name="function_move"),
    path(f"{one}functions/<int:function_pk>/remove/", description.FunctionRemoveView.as_view(), name="function_remove"),
    # Practice profile
    path(f"{one}practice-profile/", profile.PracticeProfileView.as_view(), name="profile"),
    path(f"{one}practice-profile/<int:function_pk>/", profile.ProfileRowUpdateView.as_view(), name="profile_row"),
    path(f"{one}practice-profile/levels/new/", profile.LevelCreateView.as_view(), name="level_create"),
    path(f"{one}practice-profile/levels/<int:level_pk>/edit/", profile.LevelUpdateView.as_view(), name="level_update"),
    path(
        f"{one}practice-profile/levels/<int:level_pk>/remove/", profile.LevelRemoveView.as_view(), name="level_remove"
    ),
    # Usability criteria
    path(f"{one}usability/", usability.UsabilityView.as_view(), name="usability"),
    path(f"{one}usability/new/", usability.UsabilityReviewCreateView.as_view(), name="usability_create"),
    # The innovation's own stage: the stages app's pages, with the innovation as their subject
    path(f"{one}stage/", stage_views.StagesOverviewView.as_view(pages=INNOVATION_STAGE), name="stage"),
    path(f"{one}stage/change/", stage_views.StageChangeCreateView.as_view(pages=INNOVATION_STAGE), name="stage_change"),
    path(
        f"{one}stage/changes/<int:change_pk>/decide/",
        stage_views.StageChangeDecideView.as_view(pages=INNOVATION_STAGE),
        name="stage_decide",
    ),
    path(
        f"{one}stage/activities/<int:activity_pk>/",
        stage_views.ActivityProgressUpdateView.as_view(pages=INNOVATION_STAGE),
        name="activity_progress",
    ),
    # Fidelity
    path(f"{one}fidelity/", scale.FidelityView.as_view(), name="fidelity"),
    path(f"{one}fidelity/items/new/", scale.FidelityItemCreateView.as_view(), name="item_create"),
    path(f"{one}fidelity/items/<int:item_pk>/edit/", scale.FidelityItemUpdateView.as_view(), name="item_update"),
    path(f"{one}fidelity/items/from-functions/", scale.ItemsFromFunctionsView.as_view(), name="items_from_functions"),
    path(f"{one}fidelity/checks/", scale.CheckListView.as_view(), name="check_list"),
    path(f"{one}fidelity/checks/new/", scale.CheckCreateView.as_view(), name="check_create"),
    path(f"{one}fidelity/checks/<int:check_pk>/", scale.CheckDetailView.as_view(), name="check_detail"),
    path(f"{one}fidelity/due/", scale.ChecksDueView.as_view(), name="checks_due"),
    path(f"{one}fidelity/figures/new/", scale.FiguresCreateView.as_view(), name="figures_create"),
    path(f"{one}fidelity/figures/<int:figures_pk>/edit/", scale.FiguresUpdateView.as_view(), name="figures_update"),
    path(f"{one}practitioners/", scale.PractitionerListView.as_view(), name="practitioner_list"),
    path(f"{one}practitioners/new/", scale.PractitionerCreateView.as_view(), name="practitioner_create"),
    path(
        f"{one}practitioners/<int:practitioner_pk>/edit/",
        scale.PractitionerUpdateView.as_view(),
        name="practitioner_update",
    ),
    # Scale-up through slices of the system
    path(f"{one}slices/", scale.SliceListView.as_view(), name="slice_list"),
    path(f"{one}slices/new/", scale.SliceCreateView.as_view(), name="slice_create"),
    path(f"{one}slices/<int:slice_pk>/edit/", scale.SliceUpdateView.as_view(), name="slice_update"),
    # Exploration with the Hexagon Tool
    path(f"{area}explorations/", explorations.ExplorationListView.as_view(), name="exploration_list"),
    path(f"{area}explorations/new/", explorations.ExplorationCreateView.as_view(), name="exploration_create"),
    path(f"{area}explorations/<int:pk>/", explorations.ExplorationDetailView.as_view(), name="exploration_detail"),
    path(f"{area}explorations/<int:pk>/edit/", explorations.ExplorationUpdateView.as_view(), name="exploration_update"),
    path(
        f"{area}explorations/<int:pk>/assessments/new/",
        explorations.HexagonAssessmentCreateView.as_view(),
        name="assessment_create",
    ),
    path(
        f"{area}explorations/<int:pk>/assessments/<int:assessment_pk>/",
        explorations.HexagonAssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        f"{area}explorations/<int:pk>/decision/",
        explorations.ExplorationDecideView.as_view(),
        name="exploration_decide",
    ),
]
