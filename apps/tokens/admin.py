from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.tokens.models import PersonalToken
from apps.tokens.services import token_revoke


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """Staff see tokens and can revoke them; never the hash, and never make one here (the plain
    token must be shown once to its owner, on their own page)."""

    list_display = (
        "name",
        "user",
        "scope",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    fields = list_display
    readonly_fields = list_display
    actions = ("revoke",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        rows = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for row in rows:
            token_revoke(user=row.user, token_id=row.pk)
        self.message_user(
            request,
            ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", len(rows))
            % {"count": len(rows)},
            messages.SUCCESS,
        )
