from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, Event, ExampleRevision, Post, PracticeExample, Reference, Tag, Topic


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "slug", "order")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "starts_at", "format", "host_area")
    list_filter = ("kind", "format")
    list_select_related = ("host_area",)


@admin.register(PracticeExample)
class PracticeExampleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "area", "status", "author", "published_at")
    list_filter = ("status", "area")
    list_select_related = ("area", "author")
    search_fields = ("title",)


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ("title", "author", "last_post_at")
    list_select_related = ("author",)


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "created_at", "hidden_at")
    list_select_related = ("author", "topic", "example")


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "authors", "year")
    search_fields = ("title", "authors")


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("uploaded_by",)


@admin.register(ExampleRevision)
class ExampleRevisionAdmin(SimpleHistoryAdmin):
    list_display = ("example", "status", "started_by", "submitted_at", "reviewed_at")
    list_filter = ("status",)
    list_select_related = ("example", "started_by")
