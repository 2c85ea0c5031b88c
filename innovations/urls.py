from django.urls import path

from .views import explorations, register, scale, stage

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
    path(f"{one}description/", register.DescriptionView.as_view(), name="description"),
    path(f"{one}description/edit/", register.DescriptionUpdateView.as_view(), name="description_update"),
    path(f"{one}functions/new/", register.FunctionCreateView.as_view(), name="function_create"),
    path(f"{one}functions/<int:function_pk>/edit/", register.FunctionUpdateView.as_view(), name="function_update"),
    path(f"{one}functions/<int:function_pk>/move/", register.function_move, name="function_move"),
    path(f"{one}functions/<int:function_pk>/remove/", register.FunctionRemoveView.as_view(), name="function_remove"),
    # Practice profile
    path(f"{one}practice-profile/", register.PracticeProfileView.as_view(), name="profile"),
    path(f"{one}practice-profile/<int:function_pk>/", register.ProfileRowUpdateView.as_view(), name="profile_row"),
    path(f"{one}practice-profile/levels/new/", register.LevelCreateView.as_view(), name="level_create"),
    path(f"{one}practice-profile/levels/<int:level_pk>/edit/", register.LevelUpdateView.as_view(), name="level_update"),
    path(
        f"{one}practice-profile/levels/<int:level_pk>/remove/", register.LevelRemoveView.as_view(), name="level_remove"
    ),
    # Usability criteria
    path(f"{one}usability/", register.UsabilityView.as_view(), name="usability"),
    path(f"{one}usability/new/", register.UsabilityReviewCreateView.as_view(), name="usability_create"),
    # The innovation's own stage
    path(f"{one}stage/", stage.InnovationStageView.as_view(), name="stage"),
    path(f"{one}stage/change/", stage.InnovationStageChangeView.as_view(), name="stage_change"),
    path(f"{one}stage/changes/<int:change_pk>/decide/", stage.InnovationStageDecideView.as_view(), name="stage_decide"),
    path(f"{one}stage/activities/<int:activity_pk>/", stage.InnovationActivityView.as_view(), name="activity_progress"),
    # Fidelity
    path(f"{one}fidelity/", scale.FidelityView.as_view(), name="fidelity"),
    path(f"{one}fidelity/items/new/", scale.ItemCreateView.as_view(), name="item_create"),
    path(f"{one}fidelity/items/<int:item_pk>/edit/", scale.ItemUpdateView.as_view(), name="item_update"),
    path(f"{one}fidelity/items/from-functions/", scale.items_from_functions, name="items_from_functions"),
    path(f"{one}fidelity/checks/", scale.CheckListView.as_view(), name="check_list"),
    path(f"{one}fidelity/checks/new/", scale.CheckCreateView.as_view(), name="check_create"),
    path(f"{one}fidelity/checks/<int:check_pk>/", scale.CheckDetailView.as_view(), name="check_detail"),
    path(f"{one}fidelity/quarters/new/", scale.QuarterCreateView.as_view(), name="quarter_create"),
    path(f"{one}fidelity/quarters/<int:figures_pk>/edit/", scale.QuarterUpdateView.as_view(), name="quarter_update"),
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
        explorations.AssessmentCreateView.as_view(),
        name="assessment_create",
    ),
    path(
        f"{area}explorations/<int:pk>/assessments/<int:assessment_pk>/",
        explorations.AssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        f"{area}explorations/<int:pk>/decision/",
        explorations.ExplorationDecideView.as_view(),
        name="exploration_decide",
    ),
]
