"""Privileges: what reputation lets a person do (thresholds are settings), moderators and staff
having them all, the reason shown on a disabled action, and the public page about them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from django.utils import translation

from apps.trust.privileges import (
    ALL,
    CLOSE,
    DOWNVOTE,
    FLAG,
    MODERATOR_GROUP,
    UPVOTE,
    Standing,
    has_privilege,
    is_moderator,
    refusal,
)
from apps.trust.readers import Reader
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user):
    user = make_user("모더레이터")
    user.groups.add(Group.objects.get_or_create(name=MODERATOR_GROUP)[0])
    return user


# --- The rules -----------------------------------------------------------------------------------


def test_a_privilege_opens_at_its_threshold(make_user):
    assert not has_privilege(make_user(reputation=DOWNVOTE.threshold - 1), DOWNVOTE)
    assert has_privilege(make_user(reputation=DOWNVOTE.threshold), DOWNVOTE)


def test_thresholds_are_settings(make_user, settings):
    settings.PRIVILEGE_FLAG = 3
    assert FLAG.threshold == 3
    assert has_privilege(make_user(reputation=3), FLAG)


def test_anonymous_people_have_no_privilege():
    assert not any(has_privilege(AnonymousUser(), privilege) for privilege in ALL)
    assert not is_moderator(AnonymousUser())


def test_staff_and_the_moderator_group_have_every_privilege(make_user, moderator):
    staff = make_user(is_staff=True)
    for person in (staff, moderator):
        assert is_moderator(person)
        assert all(has_privilege(person, privilege) for privilege in ALL)
    assert not is_moderator(make_user(reputation=100_000))


def test_being_a_moderator_is_looked_up_once_per_user_object(moderator, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert is_moderator(moderator)
        assert is_moderator(moderator)


def test_the_refusal_says_what_is_needed_and_where_the_person_stands(make_user):
    member = make_user(reputation=7)
    with translation.override("en"):
        assert refusal(member, CLOSE) == (
            f"Vote to close and reopen questions needs {CLOSE.threshold} reputation; you have 7."
        )
        assert refusal(AnonymousUser(), UPVOTE).endswith("; you have 0.")
    assert refusal(member, CLOSE) == (  # Korean by default
        f"질문 닫기·다시 열기 투표에는 평판 {CLOSE.threshold}이 필요해요. 지금 평판은 7이에요."
    )


def test_standing_answers_by_key_and_lists_what_is_missing(make_user):
    standing = Standing(make_user(reputation=FLAG.threshold))
    assert standing.flag and standing.upvote and not standing.downvote
    with pytest.raises(AttributeError):
        standing.fly  # noqa: B018
    rows = {row["privilege"].key: row for row in standing.rows}
    assert rows["downvote"]["missing"] == DOWNVOTE.threshold - FLAG.threshold
    assert rows["flag"]["missing"] == 0 and rows["flag"]["granted"]


def test_a_readers_side_holds_the_refusal_when_not_allowed_and_nothing_otherwise(make_user):
    newcomer, allowed = make_user(reputation=1), make_user(reputation=DOWNVOTE.threshold)
    assert Reader(newcomer).base.cannot_downvote == refusal(newcomer, DOWNVOTE)
    assert Reader(allowed).base.cannot_downvote == ""
    visitor = Reader(AnonymousUser()).base
    assert not visitor.signed_in and visitor.cannot_downvote == ""


# --- The page ------------------------------------------------------------------------------------


def test_the_privileges_page_lists_thresholds_and_the_persons_standing(client, make_user):
    page = client.get(reverse("trust:privileges"))
    assert page.status_code == 200
    html = page.content.decode()
    for privilege_id, threshold in (("upvote", 1), ("flag", 15), ("downvote", 50)):
        assert f'id="privilege-{privilege_id}"' in html
        assert f"<td>{threshold}</td>" in html
    assert "is-granted" not in html
    log_in(client, make_user(reputation=60))
    rows = {row["privilege"].key: row for row in client.get("/help/privileges/").context["rows"]}
    assert rows["downvote"]["granted"] and rows["flag"]["granted"]
    assert not rows["close"]["granted"] and rows["close"]["missing"] == 440
    assert client.get("/").content.decode().count('href="/help/privileges/"') == 1  # footer


def test_a_moderator_has_every_privilege_on_the_page(client, moderator):
    log_in(client, moderator)
    rows = client.get("/help/privileges/").context["rows"]
    assert all(row["granted"] for row in rows)
    assert "/moderation/" in client.get("/help/privileges/").content.decode()


def test_the_privileges_page_only_answers_get(client):
    assert client.post("/help/privileges/").status_code == 405
