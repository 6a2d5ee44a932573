from django.contrib import admin

from apps.caching.events import Event, retire
from apps.tags.models import Area, ConceptTag, StudyLink


class RefreshesConceptPages:
    """An edit here changes the tag index and the concept map: their cached copies go."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        retire(Event.CONCEPTS_CHANGED)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        retire(Event.CONCEPTS_CHANGED)

    def delete_queryset(self, request, queryset):  # the list's "delete selected" action
        super().delete_queryset(request, queryset)
        retire(Event.CONCEPTS_CHANGED)


class StudyLinkInline(admin.TabularInline):
    model = StudyLink
    extra = 1
    fields = ("position", "section", "title_en", "url_en", "title_ko", "url_ko", "closest")


@admin.register(ConceptTag)
class ConceptTagAdmin(RefreshesConceptPages, admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "area", "question_count")
    list_filter = ("area",)
    search_fields = ("slug", "name_ko", "name_en", "aliases")
    filter_horizontal = ("prerequisites",)
    # The count is kept by the question services and `manage.py recount`.
    readonly_fields = ("question_count", "created_by", "created_at")
    inlines = [StudyLinkInline]


@admin.register(Area)
class AreaAdmin(RefreshesConceptPages, admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "position")
    list_editable = ("position",)
