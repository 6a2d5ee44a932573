from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "reputation", "is_staff", "date_joined")
    search_fields = ("username", "display_name", "email")
    # Reputation is a cached total of the ledger: shown, never typed in.
    readonly_fields = ("reputation",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Community"), {"fields": ("display_name", "reputation")}),
        # Ticked by the member's own link; staff may tick it for someone who proved it otherwise.
        (_("Email address"), {"fields": ("email_verified",)}),
    )

    def has_delete_permission(self, request, obj=None):
        """Members are deactivated (untick "active"), never deleted.

        Deleting one would take their posts, votes and reputation events with them and leave
        other members' reputation, scores and answer counts wrong (and the cascade reaches
        read-only votes, so Django refuses it anyway). After rows are deleted by hand in SQL,
        `manage.py recount` repairs every counter.
        """
        return False
