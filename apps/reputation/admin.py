from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.reputation.models import ReputationEvent


@admin.register(ReputationEvent)
class ReputationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only ledger: events come and go only with the votes and accepts that cause them."""

    list_display = ("user", "amount", "reason", "vote", "answer", "created_at")
    list_filter = ("reason",)
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "vote", "answer")
