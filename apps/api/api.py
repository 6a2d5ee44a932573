"""The API: one `NinjaAPI`, its reads under `/api/v1/` (mounted at `/api/` by config.urls).

Every read goes through the queryset or page object the site's own page uses, so what a
visitor may not see on the site (deleted questions, answers and comments, inactive members)
the API does not show either. Each endpoint runs a fixed number of queries (tests/api).
"""

from typing import Literal
from urllib.parse import urlencode

from django.db.models import Max, Value
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router
from ninja.errors import HttpError

from apps.accounts.queries import profile_people
from apps.answers.models import AnswerRevision
from apps.api import schemas
from apps.api.errors import errors_register
from apps.api.etags import ROWS_SECONDS, list_etag, list_stamp, not_modified
from apps.caching.events import CONCEPT_PAGE, LIST_PAGE
from apps.caching.fragments import cached
from apps.questions.models import Question, QuestionRevision
from apps.questions.pages import QuestionPage
from apps.search.query import search_questions
from apps.tags.models import ConceptTag

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 50
ID_MAX = 2**31 - 1  # the largest id a column holds: past it, a 404 and no query
ERRORS = {400: schemas.Error, 404: schemas.Error}

api = NinjaAPI(
    title="Gachi API",
    version="1",
    description="Read Gachi's questions, answers, concepts and profiles. See docs/api.md.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
errors_register(api)
v1 = Router()

Tab = Literal["newest", "active", "top", "unanswered", "featured"]
Id = Path(..., ge=1, le=ID_MAX)
Page = Query(1, ge=1, le=100_000)
PageSize = Query(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX)
Concepts = Query([], max_length=5)  # slugs, each filter one more join
Slug = Path(..., max_length=100)
Words = Query(..., min_length=1, max_length=500)  # apps.search.query.MAX_QUERY_LENGTH


def author_row(user) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "reputation": user.reputation,
    }


def tag_row(tag) -> dict:
    return {"slug": tag.slug, "name_ko": tag.name_ko, "name_en": tag.name_en}


def _row(request: HttpRequest, question) -> dict:
    return {
        "id": question.pk,
        "title": question.title,
        "url": request.build_absolute_uri(question.get_absolute_url()),
        "score": question.score,
        "answer_count": question.answer_count,
        "view_count": question.view_count,
        "accepted_answer_id": question.accepted_answer_id,
        "author": author_row(question.author),
        "tags": [tag_row(tag) for tag in question.tags.all()],
        "created_at": question.created_at,
        "last_activity_at": question.last_activity_at,
        "bounty_amount": getattr(question, "bounty_amount", None),
    }


def _kept_list(request: HttpRequest, name: str, scopes: tuple[str, ...], compute):
    """A list's JSON response: 304 when the visitor holds it already (`ETag`), else its body,
    kept under the generations its page uses for everyone alike (it holds nothing of the
    reader) for at most ROWS_SECONDS, like the pages' rows."""
    stamp = list_stamp(scopes)
    etag = list_etag(request, stamp)
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    parts = (request.get_host(), request.path, sorted(request.GET.lists()))
    body = cached(f"api:{name}", scopes, compute, *parts, timeout=ROWS_SECONDS, stamp=stamp)
    response = api.create_response(request, body, status=200)
    if etag:
        response["ETag"] = etag
    return response


def next_link(request: HttpRequest, page: int, more: bool) -> str | None:
    if not more:
        return None
    params = [(key, value) for key, value in request.GET.lists() if key != "page"]
    query = urlencode([*params, ("page", page + 1)], doseq=True)
    return request.build_absolute_uri(f"{request.path}?{query}")


@v1.get("/questions/", response={200: schemas.QuestionPage, **ERRORS}, tags=["questions"])
def questions_list(
    request: HttpRequest,
    tab: Tab = "newest",
    concept: list[str] = Concepts,
    page: int = Page,
    page_size: int = PageSize,
):
    """Questions in a home-page tab, optionally only those filed under every `concept`
    (a slug; repeat it for several). Newest first by default; `next` links the next page."""

    def compute() -> dict:  # (an unknown concept's 404 is raised here, and kept by no one)
        questions = Question.objects.for_list().tab(tab)
        if concept:
            slugs = set(concept)
            tags = list(ConceptTag.objects.filter(slug__in=slugs).only("id"))
            if len(tags) != len(slugs):
                raise HttpError(404, _("No concept has that name."))
            questions = questions.with_all_tags(tags)
        start = (page - 1) * page_size
        rows = list(questions[start : start + page_size + 1])  # one more: a next page?
        body = {
            "page": page,
            "page_size": page_size,
            "next": next_link(request, page, len(rows) > page_size),
            "results": [_row(request, question) for question in rows[:page_size]],
        }
        return schemas.QuestionPage(**body).model_dump()

    return _kept_list(request, "questions", LIST_PAGE, compute)


def _live(comments) -> list:
    """The comments anyone sees (a signed-in moderator's page also shows deleted ones)."""
    return [comment for comment in comments.all if comment.deleted_at is None]


def comment_row(comment) -> dict:
    return {
        "id": comment.pk,
        "score": comment.score,
        "author": author_row(comment.author),
        "body": comment.body,
        "body_html": comment.body_html,
        "created_at": comment.created_at,
        "updated_at": comment.updated_at,
    }


def _section(request: HttpRequest, section) -> dict | None:
    if section is None:
        return None
    return {
        "number": section.number,
        "title_en": section.title_en,
        "title_ko": section.title_ko,
        "url": request.build_absolute_uri(reverse("reading:section", args=[section.number])),
    }


def _paper(paper) -> dict | None:
    if paper is None:
        return None
    gap = paper.gap
    return {
        "paper_url": paper.paper_url,
        "code_url": paper.code_url,
        "reported": paper.reported,
        "reproduced": paper.reproduced,
        "gap": float(gap) if gap is not None else None,
    }


def _revisions(question, answers) -> dict[tuple[str, int], int]:
    """Each post's latest revision number (what an edit names as its base), in one query:
    keyed by ("question", id) and ("answer", id)."""
    latest = (
        QuestionRevision.objects.filter(question=question)
        .values("question_id")
        .annotate(kind=Value("question"), last=Max("number"))
        .values_list("kind", "question_id", "last")
        .union(
            AnswerRevision.objects.filter(answer__in=[answer.pk for answer in answers])
            .values("answer_id")
            .annotate(kind=Value("answer"), last=Max("number"))
            .values_list("kind", "answer_id", "last"),
            all=True,
        )
    )
    return {(kind, pk): last for kind, pk, last in latest}


@v1.get("/questions/{id}/", response={200: schemas.QuestionDetail, **ERRORS}, tags=["questions"])
def question_detail(request: HttpRequest, id: int = Id):
    """A question with its answers (accepted first, then by score) and the comments under
    each, with their Markdown source and rendered HTML."""
    page = QuestionPage(request.user, id)
    question = page.question
    if question.deleted_at is not None:  # shown on the site to its author and moderators only
        raise Http404
    answers = [answer for answer in page.answers if answer.deleted_at is None]
    revisions = _revisions(question, answers)
    return {
        **_row(request, question),
        "body": question.body,
        "body_html": question.body_html,
        "updated_at": question.updated_at,
        "closed": question.closed_at is not None,
        "closed_reason": question.closed_reason,
        "section": _section(request, question.read_section),
        "paper": _paper(question.thread_paper),
        "revision": revisions.get(("question", question.pk), 1),
        "view_count": page.view_count,
        "comments": [comment_row(c) for c in _live(page.comments[question.post_id])],
        "answers": [
            {
                "id": answer.pk,
                "score": answer.score,
                "accepted": answer.pk == question.accepted_answer_id,
                "author": author_row(answer.author),
                "body": answer.body,
                "body_html": answer.body_html,
                "created_at": answer.created_at,
                "updated_at": answer.updated_at,
                "revision": revisions.get(("answer", answer.pk), 1),
                "comments": [comment_row(c) for c in _live(page.comments[answer.post_id])],
            }
            for answer in answers
        ],
    }


def _concepts():
    return ConceptTag.objects.select_related("area").prefetch_related("prerequisites", "links")


def _concept(request: HttpRequest, tag) -> dict:
    return {
        **tag_row(tag),
        "url": request.build_absolute_uri(tag.get_absolute_url()),
        "area": {"slug": tag.area.slug, "name_ko": tag.area.name_ko, "name_en": tag.area.name_en},
        "question_count": tag.question_count,
        "description_ko": tag.description_ko,
        "description_en": tag.description_en,
        "prerequisites": [tag_row(other) for other in tag.prerequisites.all()],
        "links": [
            {
                "section": link.section,
                "title_en": link.title_en,
                "url_en": link.url_en,
                "title_ko": link.title_ko,
                "url_ko": link.url_ko,
                "closest": link.closest,
            }
            for link in tag.links.all()
        ],
    }


@v1.get("/concepts/", response={200: list[schemas.Concept], **ERRORS}, tags=["concepts"])
def concepts_list(request: HttpRequest):
    """Every concept, by area and name: names, description, prerequisites, D2L sections."""

    def compute() -> list:
        tags = _concepts().order_by("area__position", "area__slug", "slug")
        return [schemas.Concept(**_concept(request, tag)).model_dump() for tag in tags]

    return _kept_list(request, "concepts", CONCEPT_PAGE, compute)


@v1.get("/concepts/{slug}/", response={200: schemas.Concept, **ERRORS}, tags=["concepts"])
def concept_detail(request: HttpRequest, slug: str = Slug):
    tag = _concepts().filter(slug=slug).first()
    if tag is None:
        raise Http404
    return _concept(request, tag)


@v1.get("/search/", response={200: schemas.QuestionPage, **ERRORS}, tags=["search"])
def search(
    request: HttpRequest,
    q: str = Words,
    page: int = Page,
    page_size: int = PageSize,
):
    """Questions matching `q`, with the site's operators: `[concept]`, `"exact phrase"`,
    `is:question`, `answers:0`, `isaccepted:yes`, `user:name`, `score:3`. Best match first;
    at most the site's search limit."""

    def compute() -> dict:
        result = search_questions(q)
        start = (page - 1) * page_size
        ids = result.ids[start : start + page_size]
        rows = result.questions(ids) if ids else []
        body = {
            "count": len(result.ids),
            "page": page,
            "page_size": page_size,
            "next": next_link(request, page, start + page_size < len(result.ids)),
            "results": [_row(request, question) for question in rows],
        }
        return schemas.QuestionPage(**body).model_dump()

    return _kept_list(request, "search", LIST_PAGE, compute)


@v1.get("/users/{id}/", response={200: schemas.Profile, **ERRORS}, tags=["users"])
def user_detail(request: HttpRequest, id: int = Id):
    """A member's public profile (as their page shows it)."""
    person = profile_people().filter(pk=id).first()
    if person is None:
        raise Http404
    return {
        "id": person.pk,
        "username": person.username,
        "display_name": person.display_name,
        "reputation": person.reputation,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "bio": person.bio,
        "bio_html": person.bio_html,
        "date_joined": person.date_joined,
        "question_count": person.question_total,
        "answer_count": person.answer_total,
    }


api.add_router("/v1/", v1)
