from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.votes.models import Vote


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a vote moves a score and reputation, so it changes only through the site."""

    list_display = ("user", "value", "post", "created_at")
    list_filter = ("value",)
    list_select_related = ("user", "post")
    search_fields = ("user__username",)
