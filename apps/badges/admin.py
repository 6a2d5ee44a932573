from django.contrib import admin

from apps.badges.models import BadgeAward


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    """Awards are earned through the services (and `manage.py recount`); a moderator may take
    one back that was earned by abuse, which is why deleting is allowed here."""

    list_display = ("user", "badge", "concept", "created_at")
    list_filter = ("badge",)
    list_select_related = ("user", "concept")
    search_fields = ("user__username", "badge")
    raw_id_fields = ("user", "concept")
    readonly_fields = ("created_at",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
