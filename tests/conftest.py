"""Shared factories: fixtures that return functions building real rows through the services."""

import itertools

import pytest
from django.core.cache import cache

from apps.accounts.models import User
from apps.answers.services import answer_create
from apps.questions.services import question_create
from apps.search.synonyms import concept_names_reset
from apps.tags.models import Area, ConceptTag

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Row ids repeat between tests (rolled back), so cached per-id state must not leak."""
    cache.clear()
    concept_names_reset()
    yield
    cache.clear()
    concept_names_reset()


@pytest.fixture
def make_user(db):
    def make(username: str | None = None, **extra) -> User:
        username = username or f"member{next(_counter)}"
        user = User(username=username, **extra)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def make_tag(db):
    def make(slug: str | None = None, *, name_ko: str = "", name_en: str = "", area=None, **extra):
        slug = slug or f"concept-{next(_counter)}"
        if area is None:
            area, _created = Area.objects.get_or_create(
                slug="test-area", defaults={"name_ko": "시험 분야", "name_en": "Test area"}
            )
        return ConceptTag.objects.create(
            slug=slug,
            name_ko=name_ko or f"개념 {slug}",
            name_en=name_en or f"Concept {slug}",
            area=area,
            **extra,
        )

    return make


@pytest.fixture
def make_question(db, make_user, make_tag):
    def make(
        author: User | None = None,
        title: str | None = None,
        body: str = "본문 $x^2$",
        tags: list[str] | None = None,
    ):
        if tags is None:
            tags = [
                (
                    ConceptTag.objects.filter(slug="likelihood").first() or make_tag("likelihood")
                ).slug
            ]
        return question_create(
            author=author or make_user(),
            title=title or f"질문 제목 {next(_counter)}",
            body=body,
            tags=tags,
        )

    return make


@pytest.fixture
def make_answer(db, make_user, make_question):
    def make(question=None, author: User | None = None, body: str = "답변입니다"):
        return answer_create(
            author=author or make_user(), question=question or make_question(), body=body
        )

    return make


def log_in(client, user) -> None:
    """Log `user` in through the real authentication backend."""
    assert client.login(username=user.username, password=PASSWORD)


def reload(*objs) -> None:
    """Refresh rows whose counters a service changed in the database."""
    for obj in objs:
        obj.refresh_from_db()
