"""List pages (apps.core.pagination): every page in order, the deep ones read from the end."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.pagination import CountedOncePaginator
from apps.questions.models import Question


@pytest.fixture
def eleven(make_question, settings):
    settings.QUESTIONS_PER_PAGE = 3
    questions = [make_question(title=f"쪽 나누기 {n:02}") for n in range(11)]
    # Ties everywhere but in the id: each order must fall back to it in both directions.
    same = timezone.now()
    Question.objects.update(created_at=same, last_activity_at=same, score=0)
    Question.objects.filter(pk__in=[q.pk for q in questions[::3]]).update(score=2)
    return questions


@pytest.mark.parametrize("tab", ["newest", "active", "top", "unanswered"])
def test_the_pages_together_are_the_whole_list_in_order(eleven, tab):
    ordered = Question.objects.for_list().tab(tab)
    expected = list(ordered.values_list("pk", flat=True))
    paginator = CountedOncePaginator(ordered, "test", tab)
    assert paginator.num_pages == 4
    walked = [q.pk for n in paginator.page_range for q in paginator.page(n).object_list]
    assert walked == expected
    assert [len(paginator.page(n).object_list) for n in paginator.page_range] == [3, 3, 3, 2]


def test_a_page_past_the_middle_is_read_from_the_end(eleven):
    paginator = CountedOncePaginator(Question.objects.for_list().tab("newest"), "test", "newest")
    paginator.count  # noqa: B018  (counted and kept first)
    with CaptureQueriesContext(connection) as first:
        paginator.page(1)
    with CaptureQueriesContext(connection) as last:
        paginator.page(4)
    with CaptureQueriesContext(connection) as third:
        paginator.page(3)
    # The ids' query: no offset for the first and the last page, a short one from the end
    # for the third (rows 7–9 of 11 are rows 2–4 counted from the end).
    assert "OFFSET" not in first.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in last.captured_queries[0]["sql"].upper()
    assert "ASC" in last.captured_queries[0]["sql"].upper()
    assert "OFFSET 2" in third.captured_queries[0]["sql"].upper()
