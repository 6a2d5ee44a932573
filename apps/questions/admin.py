from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from apps.questions.forms import EditSummaryField
from apps.questions.models import Question
from apps.tags.models import MAX_TAGS_PER_QUESTION

# Fields staff may change; everything else is a counter or derived from these.
EDITABLE_FIELDS = ("title", "body", "tags", "created_at", "updated_at", "last_activity_at")
# What a revision keeps: changing any of these in the admin adds one.
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

    Concepts go through `question_tags_set` (so each tag's question count stays exact) and the
    search index is rewritten after every save. A change of title, body or concepts is kept
    as the question's next revision, by the staff member. Questions are asked on the site, by
    a member, so there is no "add" here.
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
        from apps.markup.rendering import render_markdown

        obj.body_html = render_markdown(obj.body)
        # Only what the form edits: a concurrent vote's F() update of the score must survive.
        fields = [name for name in form.changed_data if name not in ("tags", "summary")]
        if edits_text(form):
            obj.edited_by = request.user
            fields.append("edited_by")
            if "updated_at" not in form.changed_data:
                obj.updated_at = timezone.now()
                fields.append("updated_at")
        obj.save(update_fields=[*fields, "body_html"])

    def save_related(self, request, form, formsets, change):
        from apps.questions.services import question_revision_add
        from apps.search.services import search_index_question
        from apps.tags.services import question_tags_set

        # Not through form.save_m2m(), which would set the rows without moving the counts.
        tags = list(form.cleaned_data.pop("tags"))
        super().save_related(request, form, formsets, change)
        question_tags_set(question=form.instance, tags=tags)
        if edits_text(form):  # after the concepts are set: the revision keeps them
            question_revision_add(
                question=form.instance,
                author=request.user,
                tags=tags,
                summary=form.cleaned_data["summary"] or gettext("Edited in the admin"),
            )
        search_index_question(form.instance)
