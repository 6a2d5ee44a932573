from django.contrib import admin

from apps.caching.events import Event, retire
from apps.cards.models import DefinitionCard


@admin.register(DefinitionCard)
class DefinitionCardAdmin(admin.ModelAdmin):
    """Staff correct the cards here; the seed never overwrites what they changed."""

    list_display = ("concept", "formula", "updated_at")
    list_select_related = ("concept",)
    search_fields = ("concept__slug", "concept__name_ko", "concept__name_en")
    autocomplete_fields = ("concept",)
    fields = ("concept", "definition_ko", "definition_en", "formula", "used_ko", "used_en")

    # Concept pages show the card: their kept copies go with an edit.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        retire(Event.CONCEPTS_CHANGED)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        retire(Event.CONCEPTS_CHANGED)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        retire(Event.CONCEPTS_CHANGED)
