from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import LocalArea, Membership, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Work", {"fields": ("job_title",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")


@admin.register(LocalArea)
class LocalAreaAdmin(SimpleHistoryAdmin):
    list_display = ("name", "council", "health_board", "in_programme", "date_joined")
    list_filter = ("in_programme", "health_board")
    search_fields = ("name", "council", "health_board")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "area", "role", "started_on", "ended_on")
    list_filter = ("role", "area")
    search_fields = ("user__username", "user__email", "user__last_name")
    list_select_related = ("user", "area")
    autocomplete_fields = ("user",)
