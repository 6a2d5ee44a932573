from django import forms

from apps.questions.forms import EditSummaryField, PostBodyField


class AnswerForm(forms.Form):
    """Field `body` (a public contract: see product.md)."""

    body = PostBodyField(min_length=5)


class AnswerEditForm(AnswerForm):
    """The answer form plus `summary`, the edit's optional summary."""

    summary = EditSummaryField()
