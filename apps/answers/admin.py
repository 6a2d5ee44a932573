from django import forms
from django.contrib import admin
from django.utils.translation import gettext

from apps.answers.models import Answer
from apps.answers.services import answer_edit
from apps.caching.events import Event, retire
from apps.core.admin import dates_save
from apps.questions.forms import EditSummaryField

DATE_FIELDS = ("created_at", "updated_at")


class AnswerAdminForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ("body", *DATE_FIELDS)

    summary = EditSummaryField()


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Staff may correct an answer's text and dates; where it stands and who wrote it are fixed.

    Moving an answer to another question would leave both questions' answer counts and
    accepted answers wrong, and changing its author would split its reputation events. A
    change of the body goes through `answer_edit`, the site's own edit: the HTML is rendered,
    the search index and the kept pages follow, and the change is the answer's next revision,
    by the staff member. Answers are written on the site (`answer_create` counts them), so
    there is no "add" here.
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
        data = form.cleaned_data
        if "body" in form.changed_data:
            answer_edit(
                user=request.user,
                answer=obj,
                body=data["body"],
                summary=data["summary"] or gettext("Edited in the admin"),
            )
        # Dates as staff typed them, after the edit (which dates itself now).
        if dates_save(obj, form, DATE_FIELDS):
            retire(Event.ADMIN_EDITED, question_id=obj.question_id)
