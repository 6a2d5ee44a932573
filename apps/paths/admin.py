from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.paths.models import Learned, Path, PathStep
from apps.tags.admin import RefreshesConceptPages


class PathStepInline(admin.TabularInline):
    model = PathStep
    autocomplete_fields = ("tag",)
    extra = 0


@admin.register(Path)
class PathAdmin(RefreshesConceptPages, admin.ModelAdmin):
    """An edit retires the kept path maps with the concept pages."""

    list_display = ("name_ko", "name_en", "slug", "position")
    search_fields = ("slug", "name_ko", "name_en")
    inlines = (PathStepInline,)


@admin.register(Learned)
class LearnedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "tag", "created_at")
    list_select_related = ("user", "tag")
    search_fields = ("user__username", "tag__slug")
