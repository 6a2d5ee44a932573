from django.contrib import admin

from apps.questions.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "score", "answer_count", "view_count", "created_at")
    search_fields = ("title", "body", "author__username")
    list_select_related = ("author",)
    raw_id_fields = ("author", "accepted_answer")
    # Counters are kept by the services and `manage.py recount`; HTML is rendered on save.
    readonly_fields = ("score", "answer_count", "view_count", "accepted_answer", "body_html")
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        from apps.markup.rendering import render_markdown

        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)
