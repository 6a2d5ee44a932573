"""Answers marked as a good example of a concept in use ("where it is used")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageExample(models.Model):
    """`answer` shows `concept` in use, said by `marked_by` (a member with the privilege).
    Once per answer and concept: a double click or two members at once keep one row."""

    answer = models.ForeignKey(
        "answers.Answer", on_delete=models.CASCADE, related_name="usage_examples"
    )
    concept = models.ForeignKey(
        "tags.ConceptTag", on_delete=models.CASCADE, related_name="usage_examples"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "concept"], name="usage_example_once")
        ]
        indexes = [models.Index(fields=["concept", "answer"])]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.concept_id}"


def examples_of_thread(question_id: int) -> dict[int, list[UsageExample]]:
    """The thread's marks by answer id (one query), with their concepts: kept with the thread."""
    found: dict[int, list[UsageExample]] = {}
    rows = (
        UsageExample.objects.filter(answer__question_id=question_id)
        .select_related("concept")
        .order_by("created_at", "pk")
    )
    for row in rows:
        found.setdefault(row.answer_id, []).append(row)
    return found


def examples_attach(answers, by_answer: dict[int, list[UsageExample]], concepts) -> None:
    """Give each answer its marks (`answer.usage_shown`) and the question's concepts it is not
    yet marked with (`answer.usage_choices`), what its block on the question page shows."""
    concept_ids = {concept.pk for concept in concepts}
    for answer in answers:
        # A concept taken off the question since is no longer shown (nor listed on its page).
        shown = [e for e in by_answer.get(answer.pk, []) if e.concept_id in concept_ids]
        marked = {example.concept_id for example in shown}
        answer.usage_shown = shown
        answer.usage_choices = [concept for concept in concepts if concept.pk not in marked]


def examples_unmarkable(*, answer, reader_id: int | None, asker: bool, moderator: bool):
    """The concepts (ids) of `answer`'s marks this reader may take back: all of them for the
    asker and moderators, else those they marked themselves. No query: read from the thread."""
    if reader_id is None:
        return ()
    return tuple(
        example.concept_id
        for example in getattr(answer, "usage_shown", ())
        if asker or moderator or example.marked_by_id == reader_id
    )


class ThreadMarks:
    """A kept thread's marks, loaded once when its page first asks (`load()`: one query, the
    answers then carry `usage_shown` and `usage_choices`); readers of the thread that show no
    marks (the API) never pay for them."""

    def __init__(self, question):
        self.question = question
        self.loaded = False

    def load(self) -> None:
        if self.loaded:
            return
        question = self.question
        examples_attach(
            question.prefetched_answers,
            examples_of_thread(question.pk),
            list(question.tags.all()),
        )
        self.loaded = True
