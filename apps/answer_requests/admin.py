from django.contrib import admin

from apps.answer_requests.models import AnswerRequest


@admin.register(AnswerRequest)
class AnswerRequestAdmin(admin.ModelAdmin):
    """Read-only: requests move only through apps.answer_requests.services."""

    list_display = ("question", "asker", "person", "created_at", "declined_at")
    list_select_related = ("question", "asker", "person")
    raw_id_fields = ("question", "asker", "person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
