"""What concept pages show of the marks: "where it is used"."""

from apps.answers.models import Answer
from apps.markup.excerpts import excerpt

SHOWN_PER_CONCEPT = 10  # the best-scored examples a concept page lists


def where_used(concept) -> list[Answer]:
    """The live answers marked as examples of `concept` in use, best score first, then newest,
    each with its `excerpt`: one query, along the marks' concept index. (With none, the page
    invites to its own list of the concept's unanswered questions: no query here.)"""
    examples = list(
        Answer.objects.filter(usage_examples__concept=concept, question__deleted_at__isnull=True)
        .select_related("author", "question")
        .only(
            "id",
            "score",
            "body",
            "created_at",
            "author__id",
            "author__username",
            "author__display_name",
            "question__id",
            "question__title",
        )
        .order_by("-score", "-created_at", "-id")[:SHOWN_PER_CONCEPT]
    )
    for answer in examples:
        answer.excerpt = excerpt(answer.body, 240)
    return examples
