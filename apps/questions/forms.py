from django import forms
from django.utils.translation import gettext_lazy as _
from markdownx.fields import MarkdownxFormField

from apps.markup.rendering import MAX_SOURCE_LENGTH
from apps.questions.models import TITLE_MAX_LENGTH, TITLE_MIN_LENGTH


class PostBodyField(MarkdownxFormField):
    """Markdown with live preview and image upload (django-markdownx), length-checked."""

    def __init__(self, *, min_length: int = 1, **kwargs):
        kwargs.setdefault("label", _("Body"))
        kwargs.setdefault("min_length", min_length)
        kwargs.setdefault("max_length", MAX_SOURCE_LENGTH)
        kwargs.setdefault(
            "help_text", _("Markdown: $inline$ and $$display$$ math, ```code``` blocks.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value.strip() if isinstance(value, str) else value)


class QuestionForm(forms.Form):
    """Fields `title` and `body` (a public contract: see product.md)."""

    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Ask one clear question, e.g. “Likelihood와 probability는 뭐가 다른가요?”"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = PostBodyField(min_length=10)
