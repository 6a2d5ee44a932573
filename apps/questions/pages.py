"""The question page, as a response any view can give: the page itself, and the answer view
showing it again with the answer form's errors (so no view calls another app's view)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from apps.answers.forms import AnswerForm
from apps.answers.services import answer_can_edit
from apps.caching.fragments import cached
from apps.core.login_required import kept_form_data
from apps.following.models import follows_question
from apps.moderation.services import post_can_delete
from apps.questions.models import CloseReason, Question
from apps.questions.services import question_can_edit
from apps.search.query import similar_questions
from apps.trust.privileges import is_moderator


def question_for_page(user, pk: int) -> Question:
    """The question with everything its page shows, as far as `user` may see it (else 404).

    Deleted questions and answers stay visible to moderators and to their authors.
    """
    moderator = is_moderator(user)
    question = get_object_or_404(Question.all_objects.for_page(user, moderator=moderator), pk=pk)
    if question.deleted_at is not None and not (moderator or user.pk == question.author_id):
        raise Http404
    return question


def question_page_response(
    request: HttpRequest, question: Question, *, answer_form=None, status: int = 200
) -> HttpResponse:
    """The page of `question` (from `question_for_page`), with `answer_form` (bound, with its
    errors) in place of an empty one when given."""
    user = request.user
    live = question.deleted_at is None
    # What each post's footer offers this person (answer.question is the prefetch's question).
    question.can_edit = live and question_can_edit(user=user, question=question)
    question.can_delete = live and post_can_delete(user=user, post=question)
    for answer in question.prefetched_answers:
        answer.can_edit = (
            live and answer.deleted_at is None and answer_can_edit(user=user, answer=answer)
        )
        answer.can_delete = (
            live and answer.deleted_at is None and post_can_delete(user=user, post=answer)
        )
    context = {
        "following": follows_question(user, question),
        "question": question,
        "answers": question.prefetched_answers,
        # The text of an answer sent after the login expired comes back once, after logging in.
        "answer_form": answer_form or AnswerForm(initial=kept_form_data(request)),
        "can_answer": live and question.closed_at is None,
        "can_edit": question.can_edit,
        "moderator": is_moderator(user),
        "close_reasons": CloseReason.choices,
        "related": _related(question) if live else [],
    }
    return render(request, "questions/detail.html", context, status=status)


def _related(question: Question) -> list[Question]:
    """The closest questions by title: a search over the whole board, so kept for the cache's
    ten minutes (a box of suggestions may lag a new question by that much)."""
    return cached(
        "related",
        (),
        lambda: similar_questions(question.title, exclude_id=question.pk),
        question.pk,
        question.title,
    )
