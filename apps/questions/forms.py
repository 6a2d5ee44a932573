from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from markdownx.fields import MarkdownxFormField

from apps.core.errors import ActionRefused
from apps.core.text import reject_invisible_controls
from apps.markup.rendering import MAX_SOURCE_LENGTH, render_markdown
from apps.markup.widgets import EditorWidget
from apps.papers.forms import PAPER_FIELDS, paper_claim_clean, paper_form_fields
from apps.posts.models import REVISION_SUMMARY_MAX_LENGTH
from apps.questions.models import TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from apps.reading.sections import chapters
from apps.tags.services import tag_names_parse, tags_check
from apps.trust.newcomers import is_new_user, post_content_problems

BODY_MIN_LENGTH = 10


class PostBodyField(MarkdownxFormField):
    """Markdown with live preview and image upload (django-markdownx), length-checked."""

    def __init__(self, *, min_length: int = 1, **kwargs):
        kwargs.setdefault("label", _("Body"))
        kwargs.setdefault("min_length", min_length)
        kwargs.setdefault("max_length", MAX_SOURCE_LENGTH)
        kwargs.setdefault("widget", EditorWidget)
        kwargs.setdefault(
            "help_text", _("Markdown: $inline$ and $$display$$ math, ```code``` blocks.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value.strip() if isinstance(value, str) else value)


def post_body_validate(*, user, body: str) -> None:
    """Refuse, as the body field's error, more links or images than `user` may post.

    The same rule as the services' (apps.trust.newcomers), shown in the form; rendered only for
    new members, who are the ones it limits.
    """
    if user is None or not is_new_user(user):
        return
    problems = post_content_problems(user=user, html=render_markdown(body))
    if problems:
        raise forms.ValidationError(problems)


class EditSummaryField(forms.CharField):
    """An edit's optional summary, shown in the post's revision history."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Edit summary"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", REVISION_SUMMARY_MAX_LENGTH)
        # Shown to everyone in the history: a direction override would reverse it there.
        kwargs.setdefault("validators", [reject_invisible_controls])
        kwargs.setdefault("help_text", _("Optional: what you changed and why."))
        super().__init__(**kwargs)


def section_choices() -> list:
    """Every D2L section, grouped by chapter, titled in the reader's language."""
    return [("", _("Not reading D2L right now"))] + [
        (
            _("Chapter %(number)s. %(title)s")
            % {"number": chapter.number, "title": chapter.title_en},
            [(section.number, section.label) for section in chapter.sections],
        )
        for chapter in chapters()
    ]


class QuestionForm(forms.Form):
    """Fields `title`, `body` and `tags` (a public contract: see product.md); and, optional,
    `section` (the D2L section being read, apps.reading) and the paper it implements
    (`paper_url`, `code_url`, `reported`, `reproduced`: apps.papers). Its cleaned data holds
    `section` ("" for none) and `paper` (a PaperClaim, or None) for the services."""

    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        # Titles are shown everywhere: a direction override would reverse them on the page.
        validators=[reject_invisible_controls],
        help_text=_("Ask one clear question, e.g. “Likelihood와 probability는 뭐가 다른가요?”"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-hx-get": reverse_lazy("search:similar"),
                "data-hx-trigger": "input changed delay:400ms",
                "data-hx-target": "#similar-questions",
                "data-hx-sync": "this:replace",
                "aria-controls": "similar-questions",
            }
        ),
    )
    body = PostBodyField(min_length=BODY_MIN_LENGTH)
    tags = forms.CharField(
        label=_("Concepts"),
        max_length=300,
        help_text=_(
            "1 to 5 math concepts, separated by commas, in Korean or English: "
            "e.g. 우도, cross-entropy."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-hx-get": reverse_lazy("tags:suggest"),
                "data-hx-trigger": "input changed delay:250ms, focus",
                "data-hx-target": "#tag-suggestions",
                "data-hx-sync": "this:replace",
                "aria-controls": "tag-suggestions",
                "data-tag-input": "",
            }
        ),
    )

    section = forms.ChoiceField(
        label=_("Reading D2L"),
        required=False,
        help_text=_("The section of Dive into Deep Learning you were reading, if any."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["section"].choices = section_choices()
        self.fields.update(paper_form_fields())

    def main_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in PAPER_FIELDS]

    def paper_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name in PAPER_FIELDS]

    def paper_open(self) -> bool:
        """Whether the paper part is shown unfolded: it holds something, or an error."""
        return any(self[name].value() or self[name].errors for name in PAPER_FIELDS)

    def clean(self):
        data = super().clean()
        data["paper"] = paper_claim_clean(self)
        return data

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        post_body_validate(user=self.user, body=body)
        return body

    def clean_tags(self) -> list[str]:
        names = tag_names_parse(self.cleaned_data["tags"])
        try:
            tags_check(user=self.user, names=names)
        except ActionRefused as error:
            raise forms.ValidationError(error.message) from error
        return names


class QuestionEditForm(QuestionForm):
    """The question form plus `summary`, the edit's optional summary. Editing shows no similar
    questions, so its title field looks none up and controls no box of them."""

    summary = EditSummaryField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["title"].widget.attrs
        for name in [name for name in attrs if name.startswith("data-hx-")] + ["aria-controls"]:
            attrs.pop(name, None)
