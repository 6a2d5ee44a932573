from django import forms

from apps.questions.forms import PostBodyField


class AnswerForm(forms.Form):
    """Field `body` (a public contract: see product.md)."""

    body = PostBodyField(min_length=5)
