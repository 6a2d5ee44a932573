from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: notifications are written and taken back by the actions themselves."""

    list_display = ("recipient", "kind", "question", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "question")
    search_fields = ("recipient__username",)
