"""The API's writes: a personal access token in
`Authorization: Bearer <token>` (apps.tokens), never a cookie.

Every write goes through the site's own form (the same validation and messages) and service
(the same privileges, newcomer rules and atomic updates), and counts against the same rate
limits as the page would: there is no second path to the data.
"""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.security import HttpBearer

from apps.answers.forms import BODY_MIN_LENGTH as ANSWER_BODY_MIN_LENGTH
from apps.answers.forms import AnswerEditForm, AnswerForm
from apps.answers.models import Answer
from apps.answers.services import answer_accept, answer_can_edit, answer_create, answer_edit
from apps.api import schemas
from apps.api.api import ERRORS, ID_MAX, Id, Slug, comment_row, question_detail, v1
from apps.comments.models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, Comment
from apps.comments.services import comment_create, comment_refusal
from apps.core.errors import ActionRefused, InvalidAction
from apps.following.services import concept_follow_set, question_follow_set
from apps.markup.rendering import MAX_SOURCE_LENGTH
from apps.posts.models import REVISION_SUMMARY_MAX_LENGTH
from apps.questions.forms import BODY_MIN_LENGTH as QUESTION_BODY_MIN_LENGTH
from apps.questions.forms import QuestionEditForm, QuestionForm
from apps.questions.models import TITLE_MAX_LENGTH, TITLE_MIN_LENGTH, Question
from apps.questions.services import question_can_edit, question_create, question_edit
from apps.tags.models import ConceptTag
from apps.tokens.services import token_check
from apps.trust.privileges import EDIT_OTHERS, refusal
from apps.trust.ratelimits import rate_limit_check
from apps.votes.services import vote_cast

WRITE_ERRORS = {**ERRORS, 401: schemas.Error, 403: schemas.Error, 429: schemas.Error}
EDIT_ERRORS = {**WRITE_ERRORS, 409: schemas.Error}


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


def writing(request: HttpRequest) -> None:
    if not request.api_token.can_write:
        raise ActionRefused(_("This token may only read: make one with write access."))


def _form_refusal(form) -> InvalidAction:
    """A form's errors as the API's 400: the first message, and every field's."""
    errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
    refusal = InvalidAction(next(iter(errors.values()))[0])
    refusal.errors = errors
    return refusal


def _checked(**limits) -> dict:
    """Limits the site's form checks (with its own messages): documented in the schema, so
    callers and fuzzers know them, but not enforced a second time by the schema."""
    return {"json_schema_extra": limits}


Title = Field(..., **_checked(minLength=TITLE_MIN_LENGTH, maxLength=TITLE_MAX_LENGTH))
QuestionBody = Field(
    ..., **_checked(minLength=QUESTION_BODY_MIN_LENGTH, maxLength=MAX_SOURCE_LENGTH)
)
AnswerBody = Field(..., **_checked(minLength=ANSWER_BODY_MIN_LENGTH, maxLength=MAX_SOURCE_LENGTH))
Concepts = Field(
    ...,
    description="Concept names, slugs or aliases, 1 to 5.",
    **_checked(minItems=1, maxItems=5),
)
Summary = Field("", **_checked(maxLength=REVISION_SUMMARY_MAX_LENGTH))


Section = Field(
    "",
    max_length=10,
    description='The D2L section you were reading (e.g. "22.7", see /read/); empty for none.',
)


class AskIn(Schema):
    title: str = Title
    body: str = QuestionBody
    tags: list[str] = Concepts
    section: str = Section


class AnswerIn(Schema):
    body: str = AnswerBody


class VoteIn(Schema):
    value: Literal[1, -1, 0]


class VoteOut(Schema):
    score: int
    vote: int


class QuestionEditIn(Schema):
    title: str = Title
    body: str = QuestionBody
    tags: list[str] = Concepts
    summary: str = Summary
    section: str | None = Field(
        None,
        max_length=10,
        description='The D2L section it was asked while reading ("" for none); left out, '
        "it stays as it is.",
    )
    revision: int | None = Field(
        None,
        ge=1,
        le=ID_MAX,
        description="The revision your edit is based on (`revision` in the question you "
        "read): if someone edited it since, 409 and nothing changes. Leave it out to edit "
        "whatever is there now.",
    )


class AnswerEditIn(Schema):
    body: str = AnswerBody
    summary: str = Summary
    revision: int | None = Field(
        None,
        ge=1,
        le=ID_MAX,
        description="The revision your edit is based on: if someone edited it since, 409.",
    )


class AcceptIn(Schema):
    accepted: bool = True


class AcceptOut(Schema):
    question_id: int
    accepted_answer_id: int | None


class FollowIn(Schema):
    following: bool = True


class FollowOut(Schema):
    following: bool


class CommentIn(Schema):
    body: str = Field(..., **_checked(minLength=BODY_MIN_LENGTH, maxLength=BODY_MAX_LENGTH))


@v1.post(
    "/questions/",
    response={201: schemas.QuestionDetail, **WRITE_ERRORS},
    auth=token_auth,
    tags=["questions"],
)
def ask(request: HttpRequest, data: AskIn):
    """Ask a question (the ask page's fields; `tags` are concept names, slugs or aliases)."""
    writing(request)
    form = QuestionForm(
        data={
            "title": data.title,
            "body": data.body,
            "tags": ", ".join(data.tags),
            "section": data.section,
        },
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
    writing(request)
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
    writing(request)
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


def _answer_row(request: HttpRequest, answer_obj: Answer) -> dict:
    """The answer as it shows in its question's detail (comments, revision and all)."""
    thread = question_detail(request, answer_obj.question_id)
    return next(row for row in thread["answers"] if row["id"] == answer_obj.pk)


@v1.put(
    "/questions/{id}/",
    response={200: schemas.QuestionDetail, **EDIT_ERRORS},
    auth=token_auth,
    tags=["questions"],
)
def question_update(request: HttpRequest, data: QuestionEditIn, id: int = Id):
    """Edit a question (its author, or a member with the privilege to edit others' posts):
    the whole title, body and concepts, kept as its next revision."""
    writing(request)
    question = Question.objects.filter(pk=id).first()
    if question is None:
        raise Http404
    if not question_can_edit(user=request.user, question=question):
        raise ActionRefused(refusal(request.user, EDIT_OTHERS))
    form = QuestionEditForm(
        data={
            "title": data.title,
            "body": data.body,
            "tags": ", ".join(data.tags),
            "summary": data.summary,
            "section": data.section or "",
        },
        user=request.user,
    )
    if not form.is_valid():
        raise _form_refusal(form)
    # The paper implemented is not the API's to write yet, nor the section when left out: an
    # edit keeps them.
    kept = ("title", "body", "tags", "summary", *(() if data.section is None else ("section",)))
    edited = {field: form.cleaned_data[field] for field in kept}
    question_edit(user=request.user, question=question, base_revision=data.revision, **edited)
    return question_detail(request, question.pk)


@v1.put(
    "/answers/{id}/",
    response={200: schemas.Answer, **EDIT_ERRORS},
    auth=token_auth,
    tags=["answers"],
)
def answer_update(request: HttpRequest, data: AnswerEditIn, id: int = Id):
    """Edit an answer (its author, or a member with the privilege to edit others' posts)."""
    writing(request)
    answer_obj = Answer.objects.select_related("question").filter(pk=id).first()
    if answer_obj is None:
        raise Http404
    if not answer_can_edit(user=request.user, answer=answer_obj):
        raise ActionRefused(refusal(request.user, EDIT_OTHERS))
    form = AnswerEditForm(data={"body": data.body, "summary": data.summary}, user=request.user)
    if not form.is_valid():
        raise _form_refusal(form)
    answer_edit(
        user=request.user, answer=answer_obj, base_revision=data.revision, **form.cleaned_data
    )
    return _answer_row(request, answer_obj)


@v1.post(
    "/answers/{id}/accept/",
    response={200: AcceptOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["answers"],
)
def accept(request: HttpRequest, data: AcceptIn, id: int = Id):
    """The asker accepts an answer (`accepted: true`, replacing any earlier choice) or
    withdraws it (`false`). Repeating a call changes nothing."""
    writing(request)
    answer_obj = Answer.objects.filter(pk=id).first()
    if answer_obj is None:
        raise Http404
    result = answer_accept(user=request.user, answer=answer_obj, accepted=data.accepted)
    chosen = answer_obj.pk if result.accepted else None
    if not result.accepted and result.previous_id != answer_obj.pk:
        chosen = result.previous_id  # withdrawing one that was not chosen leaves the choice
    return {"question_id": answer_obj.question_id, "accepted_answer_id": chosen}


@v1.post(
    "/questions/{id}/follow/",
    response={200: FollowOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["following"],
)
def question_follow(request: HttpRequest, data: FollowIn, id: int = Id):
    """Follow a question (`following: true`: hear of its answers) or stop following it."""
    writing(request)
    question = Question.objects.only("id", "author_id").filter(pk=id).first()
    if question is None:
        raise Http404
    question_follow_set(user=request.user, question=question, following=data.following)
    return {"following": data.following}


@v1.post(
    "/concepts/{slug}/follow/",
    response={200: FollowOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["following"],
)
def concept_follow(request: HttpRequest, data: FollowIn, slug: str = Slug):
    """Follow a concept (`following: true`: hear of new questions under it) or stop."""
    writing(request)
    tag = ConceptTag.objects.only("id").filter(slug=slug).first()
    if tag is None:
        raise Http404
    concept_follow_set(user=request.user, tag=tag, following=data.following)
    return {"following": data.following}


def _comment(request: HttpRequest, target, body: str):
    writing(request)
    reason = comment_refusal(user=request.user, target=target)
    if reason:
        raise ActionRefused(reason)
    rate_limit_check(request, "comment")
    comment = comment_create(author=request.user, target=target, body=body)
    comment = Comment.objects.select_related("author").get(pk=comment.pk)
    return 201, comment_row(comment)


@v1.post(
    "/questions/{id}/comments/",
    response={201: schemas.Comment, **WRITE_ERRORS},
    auth=token_auth,
    tags=["comments"],
)
def question_comment(request: HttpRequest, data: CommentIn, id: int = Id):
    """Comment on a question (the site's rules: length, inline Markdown, reputation)."""
    question = Question.objects.select_related("author").filter(pk=id).first()
    if question is None:
        raise Http404
    return _comment(request, question, data.body)


@v1.post(
    "/answers/{id}/comments/",
    response={201: schemas.Comment, **WRITE_ERRORS},
    auth=token_auth,
    tags=["comments"],
)
def answer_comment(request: HttpRequest, data: CommentIn, id: int = Id):
    """Comment on an answer (the site's rules: length, inline Markdown, reputation)."""
    answer_obj = Answer.objects.select_related("author", "question").filter(pk=id).first()
    if answer_obj is None:
        raise Http404
    return _comment(request, answer_obj, data.body)
