from django.contrib import admin

from apps.answers.models import Answer


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Staff may correct an answer's text and dates; where it stands and who wrote it are fixed.

    Moving an answer to another question would leave both questions' answer counts and
    accepted answers wrong, and changing its author would split its reputation events. Answers
    are written on the site (`answer_create` counts them), so there is no "add" here.
    """

    list_display = ("__str__", "author", "score", "created_at")
    search_fields = ("body", "author__username", "question__title")
    list_select_related = ("author", "question")
    fields = ("question", "author", "body", "created_at", "updated_at", "score", "body_html")
    readonly_fields = ("question", "author", "score", "body_html")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """No deleting until moderation brings soft deletion.

        A deleted answer would leave its question's answer count and its author's reputation
        behind (and the cascade reaches read-only votes, so Django refuses it anyway). After
        rows are deleted by hand in SQL, `manage.py recount` repairs every counter.
        """
        return False

    def save_model(self, request, obj, form, change):
        from apps.markup.rendering import render_markdown
        from apps.search.services import search_index_question

        obj.body_html = render_markdown(obj.body)
        # Only what the form edits: a concurrent vote's F() update of the score must survive.
        obj.save(update_fields=[*form.changed_data, "body_html"])
        # A question's index holds its answers' text too.
        search_index_question(obj.question)
