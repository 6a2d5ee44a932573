"""Asking a person to answer: the asker names up to REQUESTS_PER_QUESTION members for their
question; each is notified and may decline. `apps.answer_requests.services` alone writes rows."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many people one question's asker may ask to answer it.
REQUESTS_PER_QUESTION = 3


class AnswerRequest(models.Model):
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="answer_requests",
        verbose_name=_("question"),
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asker"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="answer_requests_received",
        verbose_name=_("person asked"),
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer request")
        verbose_name_plural = _("answer requests")
        ordering = ["created_at", "id"]
        constraints = [
            # A double click, or two tabs, ask a person once.
            models.UniqueConstraint(
                fields=["question", "person"], name="answer_request_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asker_id} asked {self.person_id} on {self.question_id}"
