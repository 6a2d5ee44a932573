from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Which form a draft is of: asking, answering question N, editing question or answer N.
DRAFT_KEY_PATTERN = r"(?:ask|answer-[0-9]{1,12}|edit-question-[0-9]{1,12}|edit-answer-[0-9]{1,12})"


class Draft(models.Model):
    """What a member has typed into a post form and not submitted yet, one per member and form.

    Saved by the editor's JavaScript as they type, restored when they come back, removed when
    the form is submitted (by the view that takes it) or discarded.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("user"),
    )
    key = models.CharField(_("form"), max_length=40)
    fields = models.JSONField(_("fields"), default=dict)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="draft_one_per_member_and_form")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
