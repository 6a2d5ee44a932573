"""The API's writes and the token holder's own data: a personal access token in
`Authorization: Bearer <token>` (apps.tokens), never a cookie.

Every write goes through the site's own form (the same validation and messages) and service
(the same privileges, newcomer rules and atomic updates), and counts against the same rate
limits as the page would: there is no second path to the data.
"""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.security import HttpBearer

from apps.answers.forms import AnswerForm
from apps.answers.models import Answer
from apps.answers.services import answer_create
from apps.api import schemas
from apps.api.api import ERRORS, Id, question_detail, user_detail, v1
from apps.core.errors import ActionRefused, InvalidAction
from apps.questions.forms import QuestionForm
from apps.questions.models import Question
from apps.questions.services import question_create
from apps.tokens.services import token_check
from apps.trust.ratelimits import rate_limit_check
from apps.votes.services import vote_cast

WRITE_ERRORS = {**ERRORS, 401: schemas.Error, 403: schemas.Error, 429: schemas.Error}


class TokenAuth(HttpBearer):
    """A personal access token from the `Authorization` header; the request then acts as its
    member (`request.user`), with the token's scope at `request.api_token`."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_check(token)
        if found is None:
            return None
        user, row = found
        request.user = user
        request.api_token = row
        return user


token_auth = TokenAuth()


def _writing(request: HttpRequest) -> None:
    if not request.api_token.can_write:
        raise ActionRefused(_("This token may only read: make one with write access."))


def _form_refusal(form) -> InvalidAction:
    """A form's errors as the API's 400: the first message, and every field's."""
    errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
    refusal = InvalidAction(next(iter(errors.values()))[0])
    refusal.errors = errors
    return refusal


class AskIn(Schema):
    title: str
    body: str
    tags: list[str]


class AnswerIn(Schema):
    body: str


class VoteIn(Schema):
    value: Literal[1, -1, 0]


class VoteOut(Schema):
    score: int
    vote: int


@v1.get("/me/", response={200: schemas.Profile, **WRITE_ERRORS}, auth=token_auth, tags=["me"])
def me(request: HttpRequest):
    """The token's member, as their public profile shows them."""
    return user_detail(request, request.user.pk)


@v1.post(
    "/questions/",
    response={201: schemas.QuestionDetail, **WRITE_ERRORS},
    auth=token_auth,
    tags=["questions"],
)
def ask(request: HttpRequest, data: AskIn):
    """Ask a question (the ask page's fields; `tags` are concept names, slugs or aliases)."""
    _writing(request)
    form = QuestionForm(
        data={"title": data.title, "body": data.body, "tags": ", ".join(data.tags)},
        user=request.user,
    )
    if not form.is_valid():
        raise _form_refusal(form)
    rate_limit_check(request, "ask")
    question = question_create(author=request.user, **form.cleaned_data)
    return 201, question_detail(request, question.pk)


@v1.post(
    "/questions/{id}/answers/",
    response={201: schemas.QuestionDetail, **WRITE_ERRORS},
    auth=token_auth,
    tags=["questions"],
)
def answer(request: HttpRequest, data: AnswerIn, id: int = Id):
    """Answer a question: the question comes back with the new answer in it."""
    _writing(request)
    question = Question.objects.filter(pk=id).first()
    if question is None:
        raise Http404
    form = AnswerForm(data={"body": data.body}, user=request.user)
    if not form.is_valid():
        raise _form_refusal(form)
    rate_limit_check(request, "answer")
    answer_create(author=request.user, question=question, body=form.cleaned_data["body"])
    return 201, question_detail(request, question.pk)


def _vote(request: HttpRequest, row, value: int) -> dict:
    _writing(request)
    rate_limit_check(request, "vote")
    cast = vote_cast(user=request.user, post=row, value=value)
    row.refresh_from_db(fields=["score"])
    return {"score": row.score, "vote": cast.value if cast else 0}


@v1.post(
    "/questions/{id}/vote/",
    response={200: VoteOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["votes"],
)
def question_vote(request: HttpRequest, data: VoteIn, id: int = Id):
    """Vote a question up (1) or down (-1), or take the vote back (0); as on the site, the
    same vote again takes it back."""
    question = Question.objects.select_related("author").filter(pk=id).first()
    if question is None:
        raise Http404
    return _vote(request, question, data.value)


@v1.post(
    "/answers/{id}/vote/",
    response={200: VoteOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["votes"],
)
def answer_vote(request: HttpRequest, data: VoteIn, id: int = Id):
    """Vote an answer up (1) or down (-1), or take the vote back (0)."""
    answer = Answer.objects.select_related("author", "question").filter(pk=id).first()
    if answer is None:
        raise Http404
    return _vote(request, answer, data.value)
