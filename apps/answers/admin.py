from django.contrib import admin

from apps.answers.models import Answer


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "score", "created_at")
    search_fields = ("body", "author__username", "question__title")
    list_select_related = ("author", "question")
    raw_id_fields = ("author", "question")
    readonly_fields = ("score", "body_html")

    def save_model(self, request, obj, form, change):
        from apps.markup.rendering import render_markdown

        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)
