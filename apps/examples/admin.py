from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.examples.models import UsageExample


@admin.register(UsageExample)
class UsageExampleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """To look at; marks are made and taken back on the site (which retires the kept pages)."""

    list_display = ("answer", "concept", "marked_by", "created_at")
    list_select_related = ("answer__question", "concept", "marked_by")
    search_fields = ("concept__slug", "marked_by__username")
