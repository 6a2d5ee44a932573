"""Reads for profiles and the people list, each a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question
from apps.tags.models import ConceptTag


def top_concepts(user_ids: list[int], *, limit: int) -> dict[int, list[ConceptTag]]:
    """Each person's best concepts by answer score: the sum of the scores of their answers to
    questions filed under the concept, best first (then more answers, then slug).

    One aggregate query for all of `user_ids`. Each concept carries `answer_score` and
    `answer_count`. People without answers under any concept are absent from the result.
    """
    if not user_ids:
        return {}
    rows = (
        Answer.objects.filter(author_id__in=user_ids, question__tags__isnull=False)
        .values(
            "author_id",
            "question__tags__id",
            "question__tags__slug",
            "question__tags__name_ko",
            "question__tags__name_en",
        )
        .annotate(total=Sum("score"), answers=Count("id"))
        .order_by()
    )
    per_user: dict[int, list[ConceptTag]] = defaultdict(list)
    for row in rows:
        tag = ConceptTag(
            id=row["question__tags__id"],
            slug=row["question__tags__slug"],
            name_ko=row["question__tags__name_ko"],
            name_en=row["question__tags__name_en"],
        )
        tag.answer_score = row["total"]
        tag.answer_count = row["answers"]
        per_user[row["author_id"]].append(tag)
    return {
        user_id: sorted(tags, key=lambda t: (-t.answer_score, -t.answer_count, t.slug))[:limit]
        for user_id, tags in per_user.items()
    }


def people_for_list(term: str = ""):
    """Active members, highest reputation first, optionally those whose username or display
    name contains `term` (any case)."""
    people = User.objects.filter(is_active=True).only(
        "id", "username", "display_name", "reputation", "date_joined"
    )
    term = term.strip()
    if term:
        people = people.filter(Q(username__icontains=term) | Q(display_name__icontains=term))
    return people.order_by("-reputation", "id")


def _count_of(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("author").annotate(n=Count("id")).values("n")), 0
    )


def profile_people():
    """Active members, each with `question_total` and `answer_total` (no extra query)."""
    return User.objects.filter(is_active=True).annotate(
        question_total=_count_of(Question.objects.filter(author=OuterRef("pk"))),
        answer_total=_count_of(Answer.objects.filter(author=OuterRef("pk"))),
    )


PROFILE_SORTS = {"votes": ("-score", "-created_at", "-id"), "newest": ("-created_at", "-id")}


def profile_questions(person, sort: str):
    return (
        Question.objects.filter(author=person)
        .only("id", "title", "score", "answer_count", "accepted_answer_id", "created_at")
        .order_by(*PROFILE_SORTS[sort])
    )


def profile_answers(person, sort: str):
    return (
        Answer.objects.filter(author=person)
        .select_related("question")
        .only(
            "id",
            "score",
            "created_at",
            "question__id",
            "question__title",
            "question__accepted_answer_id",
        )
        .order_by(*PROFILE_SORTS[sort])
    )
