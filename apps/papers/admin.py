from django.contrib import admin

from apps.papers.models import PaperImplementation


@admin.register(PaperImplementation)
class PaperImplementationAdmin(admin.ModelAdmin):
    """Read-only here: a question's paper is edited with the question (its page retires)."""

    list_display = ("question", "paper_url", "reported", "reproduced")
    readonly_fields = [field.name for field in PaperImplementation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
