from django.contrib import admin

from apps.tags.models import Area, ConceptTag, StudyLink


class StudyLinkInline(admin.TabularInline):
    model = StudyLink
    extra = 1
    fields = ("position", "section", "title_en", "url_en", "title_ko", "url_ko", "closest")


@admin.register(ConceptTag)
class ConceptTagAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "area", "question_count")
    list_filter = ("area",)
    search_fields = ("slug", "name_ko", "name_en", "aliases")
    filter_horizontal = ("prerequisites",)
    # The count is kept by the question services and `manage.py recount`.
    readonly_fields = ("question_count", "created_by", "created_at")
    inlines = [StudyLinkInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_ko", "name_en", "position")
    list_editable = ("position",)
