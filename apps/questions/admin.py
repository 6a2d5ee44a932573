from django import forms
from django.contrib import admin
from django.utils.translation import gettext, ngettext

from apps.caching.events import Event, retire
from apps.core.admin import dates_save
from apps.questions.forms import EditSummaryField
from apps.questions.models import Question
from apps.questions.services import question_edit
from apps.tags.models import MAX_TAGS_PER_QUESTION

# Fields staff may change; everything else is a counter or derived from these.
DATE_FIELDS = ("created_at", "updated_at", "last_activity_at")
EDITABLE_FIELDS = ("title", "body", "tags", *DATE_FIELDS)
# What a revision keeps: changing any of these in the admin is an edit, as on the site.
REVISED_FIELDS = frozenset({"title", "body", "tags"})


def edits_text(form) -> bool:
    return bool(REVISED_FIELDS.intersection(form.changed_data))


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = EDITABLE_FIELDS

    summary = EditSummaryField()

    def clean_tags(self):
        # The site's rule (1 to 5 concepts) holds for staff edits too.
        tags = self.cleaned_data["tags"]
        if not 1 <= len(tags) <= MAX_TAGS_PER_QUESTION:
            raise forms.ValidationError(
                ngettext(
                    "Choose 1 to %(limit)d concept.",
                    "Choose 1 to %(limit)d concepts.",
                    MAX_TAGS_PER_QUESTION,
                )
                % {"limit": MAX_TAGS_PER_QUESTION}
            )
        return tags


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Staff may correct a question's text, dates and concepts; the rest follows the services.

    A change of title, body or concepts goes through `question_edit`, the site's own edit: the
    HTML is rendered, the concepts' question counts move, the search index and the kept pages
    follow, and the change is the question's next revision, by the staff member. Questions are
    asked on the site, by a member, so there is no "add" here.
    """

    form = QuestionAdminForm
    list_display = ("title", "author", "score", "answer_count", "view_count", "created_at")
    search_fields = ("title", "body", "author__username")
    list_select_related = ("author",)
    # The author is who earned the question's reputation events: moving it would split them.
    # Counters are kept by the services and `manage.py recount`; HTML is rendered on save.
    readonly_fields = (
        "author",
        "score",
        "answer_count",
        "view_count",
        "accepted_answer",
        "edited_by",
        "body_html",
    )
    filter_horizontal = ("tags",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """No deleting until moderation brings soft deletion.

        A deleted question would leave its concepts' question counts and its author's
        reputation behind (and the cascade reaches read-only votes, so Django refuses it
        anyway). After rows are deleted by hand in SQL, `manage.py recount` repairs every
        counter.
        """
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if edits_text(form):
            question_edit(
                user=request.user,
                question=obj,
                title=data["title"],
                body=data["body"],
                tags=[tag.slug for tag in data["tags"]],
                summary=data["summary"] or gettext("Edited in the admin"),
            )
        # Dates as staff typed them, after the edit (which dates itself now).
        if dates_save(obj, form, DATE_FIELDS):
            retire(Event.ADMIN_EDITED, question_id=obj.pk)

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): `question_edit` has set the concepts, moving their counts.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
