from django.urls import path

from .views import common, discussions, events, evidence, examples

app_name = "community"

urlpatterns = [
    path("community/", common.CommunityHomeView.as_view(), name="home"),
    path("community/search/", common.SearchView.as_view(), name="search"),
    # Events
    path("community/events/", events.EventListView.as_view(), name="event_list"),
    path("community/events/new/", events.EventCreateView.as_view(), name="event_create"),
    path("community/events/<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
    path("community/events/<int:pk>/edit/", events.EventUpdateView.as_view(), name="event_edit"),
    path("community/events/<int:pk>/calendar.ics", events.event_ics, name="event_ics"),
    path("community/events/<int:pk>/register/", events.EventRegisterView.as_view(), name="event_register"),
    path("community/events/<int:pk>/withdraw/", events.EventWithdrawView.as_view(), name="event_withdraw"),
    path("community/events/<int:pk>/attendance/", events.EventAttendanceView.as_view(), name="event_attendance"),
    path("community/events/<int:pk>/materials/new/", events.EventMaterialAddView.as_view(), name="event_material_add"),
    # Files (event materials and example attachments), served only through these views
    path("community/files/<int:pk>/", common.attachment_download, name="attachment_download"),
    path("community/files/<int:pk>/remove/", common.AttachmentDeleteView.as_view(), name="attachment_delete"),
    # Practice examples
    path("community/examples/", examples.ExampleListView.as_view(), name="example_list"),
    path("community/examples/new/", examples.ExampleCreateView.as_view(), name="example_create"),
    path("community/examples/<int:pk>/", examples.ExampleDetailView.as_view(), name="example_detail"),
    path("community/examples/<int:pk>/edit/", examples.ExampleUpdateView.as_view(), name="example_edit"),
    path("community/examples/<int:pk>/links/", examples.ExampleLinksView.as_view(), name="example_links"),
    path(
        "community/examples/<int:pk>/files/new/",
        examples.ExampleAttachmentAddView.as_view(),
        name="example_attachment_add",
    ),
    path("community/examples/<int:pk>/changes/", examples.ExampleChangesView.as_view(), name="example_changes"),
    path("community/examples/<int:pk>/submit/", examples.ExampleSubmitView.as_view(), name="example_submit"),
    path("community/examples/<int:pk>/review/", examples.ExampleReviewView.as_view(), name="example_review"),
    path("community/examples/<int:pk>/history/", examples.ExampleHistoryView.as_view(), name="example_history"),
    path("community/examples/<int:pk>/comment/", examples.ExampleCommentView.as_view(), name="example_comment"),
    path("community/examples/<int:pk>/useful/", examples.ExampleUsefulView.as_view(), name="example_useful"),
    path("community/examples/<int:pk>/follow/", examples.ExampleFollowView.as_view(), name="example_follow"),
    # Discussions
    path("community/discussions/", discussions.TopicListView.as_view(), name="topic_list"),
    path("community/discussions/new/", discussions.TopicCreateView.as_view(), name="topic_create"),
    path("community/discussions/<int:pk>/", discussions.TopicDetailView.as_view(), name="topic_detail"),
    path("community/discussions/<int:pk>/reply/", discussions.TopicReplyView.as_view(), name="topic_reply"),
    path("community/discussions/<int:pk>/follow/", discussions.TopicFollowView.as_view(), name="topic_follow"),
    path("community/posts/<int:pk>/edit/", discussions.PostEditView.as_view(), name="post_edit"),
    path("community/posts/<int:pk>/hide/", discussions.PostHideView.as_view(), name="post_hide"),
    path("community/posts/<int:pk>/history/", discussions.PostHistoryView.as_view(), name="post_history"),
    # Evidence library
    path("community/evidence/", evidence.ReferenceListView.as_view(), name="reference_list"),
    path("community/evidence/new/", evidence.ReferenceCreateView.as_view(), name="reference_create"),
    path("community/evidence/<int:pk>/", evidence.ReferenceDetailView.as_view(), name="reference_detail"),
    path("community/evidence/<int:pk>/edit/", evidence.ReferenceUpdateView.as_view(), name="reference_edit"),
    # From the follower email, without signing in: the signed token is the authority.
    path("community/unsubscribe/<str:token>/", common.unsubscribe, name="unsubscribe"),
]
