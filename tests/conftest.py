"""Shared factories: fixtures that return functions building real rows through the services."""

import itertools
import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections, connection
from django.forms import SplitDateTimeWidget
from django.utils import timezone, translation

from apps.accounts.models import User
from apps.answers.services import answer_create
from apps.caching.fragments import kept_in_process_clear
from apps.comments.services import comment_create
from apps.questions.services import question_create
from apps.search.synonyms import concept_names_reset
from apps.tags.models import Area, ConceptTag

_counter = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Korean: a request in English leaves its language active behind it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Row ids repeat between tests (rolled back), so cached per-id state must not leak."""
    caches_clear()
    concept_names_reset()
    yield
    caches_clear()
    concept_names_reset()


def caches_clear() -> None:
    """Empty the shared cache and this process's own, as a restart of everything would."""
    for each in caches.all():
        each.clear()
    kept_in_process_clear()


@pytest.fixture
def anyone_downvotes(settings):
    """For tests of what votes do rather than who may cast them: new members vote down too
    (the DOWNVOTE privilege's own tests are in tests/votes/test_privileges.py)."""
    settings.PRIVILEGE_DOWNVOTE = settings.REPUTATION_BASE


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


@pytest.fixture
def make_comment(db, make_user, make_question):
    """A comment under `target` (a question or an answer; a new question when None), by a
    member who may comment anywhere unless `author` is given."""

    def make(
        target=None, author: User | None = None, body: str = "무슨 뜻인지 조금 더 설명해 주세요?"
    ):
        author = author or make_user(reputation=settings.PRIVILEGE_COMMENT)
        return comment_create(author=author, target=target or make_question(), body=body)

    return make


@pytest.fixture
def staff_client(client, make_user):
    """A client logged in as a superuser, for the admin."""
    log_in(client, make_user(is_staff=True, is_superuser=True))
    return client


def log_in(client, user) -> None:
    """Log `user` in through the real authentication backend."""
    assert client.login(username=user.username, password=PASSWORD)


def admin_form_data(response) -> dict:
    """The values an admin change form shows, as a browser would post them back."""
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, SplitDateTimeWidget):
            when = timezone.localtime(value) if value else None
            data[f"{name}_0"] = when.strftime("%Y-%m-%d") if when else ""
            data[f"{name}_1"] = when.strftime("%H:%M:%S") if when else ""
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = value
    return data


def reload(*objs) -> None:
    """Refresh rows whose counters a service changed in the database."""
    for obj in objs:
        obj.refresh_from_db()


def in_parallel(functions) -> None:
    """Run each function in its own thread and database connection, released at one moment.

    For concurrency tests (`django_db(transaction=True)`, PostgreSQL): errors raised in the
    threads are re-raised here.
    """
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
