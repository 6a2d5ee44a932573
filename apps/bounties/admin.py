from django.contrib import admin

from apps.bounties.models import Bounty


@admin.register(Bounty)
class BountyAdmin(admin.ModelAdmin):
    """Read-only: a bounty moves only through apps.bounties.services, with the ledger."""

    list_display = ("question", "offerer", "amount", "state", "ends_at", "awarded_amount")
    list_filter = ("state",)
    list_select_related = ("question", "offerer")
    raw_id_fields = ("question", "offerer", "awarded_answer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
