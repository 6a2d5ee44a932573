from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext

from apps.answers.models import Answer
from apps.questions.forms import EditSummaryField


class AnswerAdminForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ("body", "created_at", "updated_at")

    summary = EditSummaryField()


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Staff may correct an answer's text and dates; where it stands and who wrote it are fixed.

    Moving an answer to another question would leave both questions' answer counts and
    accepted answers wrong, and changing its author would split its reputation events. A
    change of the body is kept as the answer's next revision, by the staff member. Answers
    are written on the site (`answer_create` counts them), so there is no "add" here.
    """

    form = AnswerAdminForm

    list_display = ("__str__", "author", "score", "created_at")
    search_fields = ("body", "author__username", "question__title")
    list_select_related = ("author", "question")
    fields = (
        "question",
        "author",
        "body",
        "summary",
        "created_at",
        "updated_at",
        "edited_by",
        "score",
        "body_html",
    )
    readonly_fields = ("question", "author", "edited_by", "score", "body_html")

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
        from apps.answers.services import answer_revision_add
        from apps.markup.rendering import render_markdown
        from apps.search.services import search_index_question

        obj.body_html = render_markdown(obj.body)
        # Only what the form edits: a concurrent vote's F() update of the score must survive.
        fields = [name for name in form.changed_data if name != "summary"]
        edits_text = "body" in form.changed_data
        if edits_text:
            obj.edited_by = request.user
            fields.append("edited_by")
            if "updated_at" not in form.changed_data:
                obj.updated_at = timezone.now()
                fields.append("updated_at")
        obj.save(update_fields=[*fields, "body_html"])
        if edits_text:
            answer_revision_add(
                answer=obj,
                author=request.user,
                summary=form.cleaned_data["summary"] or gettext("Edited in the admin"),
            )
        # A question's index holds its answers' text too.
        search_index_question(obj.question)
