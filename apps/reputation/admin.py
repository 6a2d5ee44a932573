from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.reputation.models import ReputationEvent


@admin.register(ReputationEvent)
class ReputationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only ledger: events come and go only with the votes and accepts that cause them."""

    list_display = ("user", "amount", "reason", "vote", "post", "created_at")
    list_filter = ("reason",)
    # Everything the rows' __str__ reach: a vote names its voter and its post. One query for
    # the page, whatever the number of rows.
    list_select_related = ("user", "vote__user", "vote__post", "post")
    search_fields = ("user__username",)
    raw_id_fields = ("user", "vote", "post")
