"""What concept pages show of the marks: "where it is used"."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection

from apps.answers.models import Answer
from apps.examples.models import UsageExample
from apps.markup.excerpts import excerpt
from apps.questions.models import Question

SHOWN_PER_CONCEPT = 10  # the best-scored examples a concept page lists
INVITE_QUESTIONS = 3  # questions offered when a concept has no example yet


@dataclass
class WhereUsed:
    examples: list[Answer] = field(default_factory=list)  # each with `excerpt`, `question`
    waiting: list[Question] = field(default_factory=list)  # when there is no example


def where_used(concept) -> WhereUsed:
    """The live answers marked as examples of `concept` in use, best score first, then newest;
    when there is none, a few of its questions, those still waiting for an answer first.

    One query for both (the concept page's cold cost stays where it was): an example's
    question is always under its concept (apps.examples.services), so the concept's questions
    joined to their marked answers hold every example, and the questions alone the invitation."""
    quote = connection.ops.quote_name
    user = get_user_model()
    sql = f"""
        SELECT q.id, q.title, q.answer_count, a.id, a.score, a.body, a.created_at,
               u.id, u.username, u.display_name
        FROM {quote(Question._meta.db_table)} q
        JOIN {quote(Question.tags.through._meta.db_table)} qt
          ON qt.question_id = q.id AND qt.concepttag_id = %s
        LEFT JOIN {quote(Answer._meta.db_table)} a
          ON a.question_id = q.id AND a.deleted_at IS NULL AND EXISTS (
            SELECT 1 FROM {quote(UsageExample._meta.db_table)} e
            WHERE e.answer_id = a.id AND e.concept_id = %s)
        LEFT JOIN {quote(user._meta.db_table)} u ON u.id = a.author_id
        WHERE q.deleted_at IS NULL
        ORDER BY CASE WHEN a.id IS NULL THEN 1 ELSE 0 END, a.score DESC, a.created_at DESC,
                 a.id DESC, q.answer_count, q.created_at DESC, q.id DESC
        LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [concept.pk, concept.pk, SHOWN_PER_CONCEPT])
        rows = cursor.fetchall()
    found = WhereUsed()
    for q_id, title, answer_count, a_id, score, body, created, u_id, username, display in rows:
        question = Question(id=q_id, title=title, answer_count=answer_count)
        if a_id is not None:
            answer = Answer(id=a_id, question=question, score=score, body=body, created_at=created)
            answer.author = user(id=u_id, username=username, display_name=display)
            answer.excerpt = excerpt(body, 240)
            found.examples.append(answer)
        elif not found.examples and len(found.waiting) < INVITE_QUESTIONS:
            found.waiting.append(question)
    return found
