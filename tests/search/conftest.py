"""Search test fixtures: the curated concepts, the seeded site, and the recall report.

The measured recall of the master-class query set is printed at the end of the run (in the
terminal summary), so every CI run on either database shows it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from apps.accounts.models import User
from apps.paths.models import Path
from apps.questions.models import Question
from apps.tags.models import Area, ConceptTag
from apps.tags.seeding import seed_concepts

RECALL = pytest.StashKey[dict]()


@pytest.fixture
def concepts(db):
    """The 56 curated concept tags (their names are the search synonyms), in this test's
    transaction. A no-op when the seeded site is already loaded."""
    seed_concepts()


def _snapshot() -> dict:
    return {
        model: set(model.objects.values_list("pk", flat=True))
        for model in (Question, User, ConceptTag, Area, Path)
    }


def _remove_all_but(before: dict) -> None:
    new_questions = list(
        Question.objects.exclude(pk__in=before[Question]).values_list("pk", flat=True)
    )
    Question.objects.filter(pk__in=new_questions).delete()  # answers, votes, search documents
    if connection.vendor == "sqlite" and new_questions:
        with connection.cursor() as cursor:
            for pk in new_questions:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])
    User.objects.exclude(pk__in=before[User]).delete()
    Path.objects.exclude(pk__in=before[Path]).delete()  # (their steps go with the concepts)
    ConceptTag.objects.exclude(pk__in=before[ConceptTag]).delete()
    Area.objects.exclude(pk__in=before[Area]).delete()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """`manage.py seed` once per module (56 concepts, 12 master-class threads), committed, and
    removed again when the module's tests are done. Returns {title: question id}."""
    with django_db_blocker.unblock():
        before = _snapshot()
        call_command("seed", stdout=io.StringIO())
        titles = dict(Question.objects.exclude(pk__in=before[Question]).values_list("title", "pk"))
    try:
        yield titles
    finally:
        with django_db_blocker.unblock():
            _remove_all_but(before)


@pytest.fixture
def recall_log(request) -> dict:
    """{query: (found, expected)}, printed in the terminal summary."""
    return request.config.stash.setdefault(RECALL, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    log = config.stash.get(RECALL, None)
    if not log:
        return
    terminalreporter.section(f"search recall on the master-class threads ({connection.vendor})")
    for group in sorted({group for group, _query in log}):
        rows = {query: counts for (g, query), counts in log.items() if g == group}
        found = sum(f for f, _e in rows.values())
        expected = sum(e for _f, e in rows.values())
        for query, (f, e) in rows.items():
            mark = "" if f == e else "   <- missed"
            terminalreporter.write_line(f"  [{group}] {query!r}: {f}/{e}{mark}")
        terminalreporter.write_line(
            f"  [{group}] recall {found}/{expected} = {found / expected:.0%} "
            f"over {len(rows)} queries"
        )
