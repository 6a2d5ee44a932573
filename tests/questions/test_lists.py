"""Question rows are shared by every reader of a list (apps/questions/lists.py), members too;
a list of one person's own stays theirs."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.following.services import concept_follow_toggle
from apps.tags.models import ConceptTag
from apps.votes.services import vote_cast
from tests.conftest import log_in


def rows_of(client, url: str = "/") -> str:
    html = client.get(url).content.decode()
    return html[html.index("</nav>", html.index('<nav class="tabs"')) : html.index("</main>")]


def member_client(make_user, **extra) -> Client:
    client = Client()
    log_in(client, make_user(**extra))
    return client


def test_members_share_the_rows_and_see_each_vote(make_user, make_question):
    question = make_question(title="모두가 보는 줄")
    first, second = member_client(make_user), member_client(make_user)
    rows = rows_of(first)
    with CaptureQueriesContext(connection) as shared:
        assert rows_of(second) == rows
    assert not any("questions_question" in q["sql"] for q in shared.captured_queries)
    vote_cast(user=make_user(), post=question, value=1)
    after = rows_of(second)
    assert after != rows
    assert re.search(r"<strong>1</strong>", after)


def test_a_following_list_stays_its_owners(make_user, make_tag, make_question):
    make_tag("follow-rows")
    make_question(title="따라가는 개념의 질문", tags=["follow-rows"])
    follower = make_user()
    concept_follow_toggle(user=follower, tag=ConceptTag.objects.get(slug="follow-rows"))
    mine, theirs = Client(), member_client(make_user)
    log_in(mine, follower)
    assert "따라가는 개념의 질문" in rows_of(mine, "/?tab=following")
    assert "따라가는 개념의 질문" not in rows_of(theirs, "/?tab=following")
    make_tag("follow-later")
    make_question(title="나중에 따라갈 질문", tags=["follow-later"])
    assert "나중에 따라갈 질문" not in rows_of(mine, "/?tab=following")
    concept_follow_toggle(user=follower, tag=ConceptTag.objects.get(slug="follow-later"))
    assert "나중에 따라갈 질문" in rows_of(mine, "/?tab=following")  # at once


def test_concept_pages_share_rows_per_concept(client, make_tag, make_question):
    make_tag("rows-a")
    make_tag("rows-b")
    make_question(title="A 개념 질문", tags=["rows-a"])
    make_question(title="B 개념 질문", tags=["rows-b"])
    a, b = rows_of(client, "/tags/rows-a/"), rows_of(client, "/tags/rows-b/")
    assert "A 개념 질문" in a and "B 개념 질문" not in a
    assert "B 개념 질문" in b and "A 개념 질문" not in b
