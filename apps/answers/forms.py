from django import forms

from apps.questions.forms import EditSummaryField, PostBodyField, post_body_validate

BODY_MIN_LENGTH = 5


class AnswerForm(forms.Form):
    """Field `body` (a public contract: see product.md)."""

    body = PostBodyField(min_length=BODY_MIN_LENGTH)

    def __init__(self, *args, user=None, **kwargs):
        # `user` (who will post it) is needed to validate a submitted form, not to show one.
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        post_body_validate(user=self.user, body=body)
        return body


class AnswerEditForm(AnswerForm):
    """The answer form plus `summary`, the edit's optional summary."""

    summary = EditSummaryField()
