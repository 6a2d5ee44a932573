"""Following through the pages: plain posts and htmx, visitors, the question page, the
Following tab kept per person, the read helpers, and the read-only admin."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from apps.following.models import (
    ConceptFollow,
    QuestionFollow,
    followed_concept_ids,
    follows_question,
)
from apps.following.services import concept_follow_toggle, question_follow_toggle
from apps.moderation.services import post_delete
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _login_next(location: str) -> str:
    url = urlsplit(location)
    assert url.path == "/accounts/login/"
    return parse_qs(url.query)["next"][0]


def test_a_plain_post_follows_a_question_and_says_so(client, make_user, make_question):
    member, question = make_user(), make_question(title="팔로우할 질문입니다")
    log_in(client, member)
    response = client.post(f"/questions/{question.pk}/follow/", follow=True)
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert _messages(response) == ["이제 팔로우할 질문입니다 팔로우 중이에요."]
    assert QuestionFollow.objects.filter(user=member, question=question).exists()

    response = client.post(f"/questions/{question.pk}/follow/", follow=True)
    assert _messages(response) == ["팔로우할 질문입니다 팔로우를 그만두었어요."]
    assert not QuestionFollow.objects.filter(user=member, question=question).exists()


def test_the_message_is_in_the_readers_language(client, make_user, make_tag):
    tag = make_tag("fv-english", name_en="Eigenvalue")
    log_in(client, make_user())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(f"/tags/{tag.slug}/follow/", follow=True)
    assert _messages(response) == ["You follow Eigenvalue now."]


def test_a_visitor_is_sent_to_log_in_and_back_to_the_page(client, make_tag, make_question):
    tag, question = make_tag(), make_question()
    response = client.post(f"/tags/{tag.slug}/follow/")
    assert _login_next(response["Location"]) == tag.get_absolute_url()
    response = client.post(f"/questions/{question.pk}/follow/")
    assert _login_next(response["Location"]) == question.get_absolute_url()


def test_a_visitor_using_htmx_is_sent_to_log_in_as_a_whole_page(client, make_tag):
    tag = make_tag()
    response = client.post(f"/tags/{tag.slug}/follow/", headers={"HX-Request": "true"})
    # A redirect inside the XHR would paste the login page into the button.
    assert response.status_code == 204
    assert _login_next(response["HX-Redirect"]) == tag.get_absolute_url()
    assert not ConceptFollow.objects.exists()


def test_a_deleted_question_cannot_be_followed(client, make_user, make_question):
    question = make_question()
    post_delete(user=question.author, post=question)
    member = make_user()
    log_in(client, member)
    assert client.post(f"/questions/{question.pk}/follow/").status_code == 404
    assert not QuestionFollow.objects.filter(user=member).exists()


def test_the_question_page_shows_whether_i_follow_it(client, make_user, make_question):
    asker = make_user()
    question = make_question(author=asker)
    follow_form = f'action="/questions/{question.pk}/follow/"'

    log_in(client, asker)  # asking followed it
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html.split(follow_form)[1].split("</form>")[0]

    other = Client()
    log_in(other, make_user())
    html = other.get(question.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in html.split(follow_form)[1].split("</form>")[0]

    assert follow_form not in Client().get(question.get_absolute_url()).content.decode()


def test_the_following_tab_is_each_members_own(client, make_user, make_tag, make_question):
    first, second = make_user(), make_user()
    make_tag("fv-one"), make_tag("fv-two")
    one = make_question(title="첫 번째 개념의 질문", tags=["fv-one"])
    two = make_question(title="두 번째 개념의 질문", tags=["fv-two"])
    log_in(client, first)
    client.post("/tags/fv-one/follow/")
    assert list(client.get("/", {"tab": "following"}).context["page"].object_list) == [one]

    other = Client()
    log_in(other, second)
    assert list(other.get("/", {"tab": "following"}).context["page"].object_list) == []
    other.post("/tags/fv-two/follow/")  # seen at once: the tab is never kept
    assert list(other.get("/", {"tab": "following"}).context["page"].object_list) == [two]


def test_the_following_tab_keeps_up_with_each_follow_and_unfollow(
    client, make_user, make_tag, make_question
):
    make_tag("fv-first"), make_tag("fv-second")
    first = make_question(tags=["fv-first"])
    second = make_question(tags=["fv-second"])
    log_in(client, make_user())

    def tab() -> list:
        return list(client.get("/", {"tab": "following"}).context["page"].object_list)

    client.post("/tags/fv-first/follow/")
    assert tab() == [first]
    client.post("/tags/fv-second/follow/")  # the kept total must not stay at one
    assert tab() == [second, first]
    client.post("/tags/fv-first/follow/")  # unfollowed
    assert tab() == [second]


def test_a_deleted_question_leaves_the_following_tab(client, make_user, make_tag, make_question):
    member = make_user()
    concept_follow_toggle(user=member, tag=make_tag("fv-gone"))
    kept = make_question(tags=["fv-gone"])
    gone = make_question(tags=["fv-gone"])
    post_delete(user=gone.author, post=gone)
    log_in(client, member)
    assert list(client.get("/", {"tab": "following"}).context["page"].object_list) == [kept]


def test_followed_concept_ids_are_mine_only(make_user, make_tag):
    member, other = make_user(), make_user()
    mine, theirs, nobodys = make_tag(), make_tag(), make_tag()
    concept_follow_toggle(user=member, tag=mine)
    concept_follow_toggle(user=other, tag=theirs)
    concept_follow_toggle(user=other, tag=mine)
    assert followed_concept_ids(member) == {mine.pk}
    assert followed_concept_ids(other) == {mine.pk, theirs.pk}
    assert nobodys.pk not in followed_concept_ids(other)


def test_a_visitor_follows_nothing_and_costs_no_query(
    make_question, make_tag, django_assert_num_queries
):
    question, tag = make_question(), make_tag()
    ConceptFollow.objects.create(user=question.author, tag=tag)
    visitor = AnonymousUser()
    with django_assert_num_queries(0):
        assert followed_concept_ids(visitor) == set()
        assert follows_question(visitor, question) is False


def test_follows_question_follows_the_toggle(make_user, make_question):
    member, question = make_user(), make_question()
    assert follows_question(member, question) is False
    question_follow_toggle(user=member, question=question)
    assert follows_question(member, question) is True
    assert follows_question(make_user(), question) is False


@pytest.mark.parametrize("model", ["conceptfollow", "questionfollow"])
def test_follows_are_read_only_in_the_admin(staff_client, make_user, make_tag, model):
    concept_follow_toggle(user=make_user(), tag=make_tag())
    changelist = staff_client.get(f"/admin/following/{model}/")
    assert changelist.status_code == 200
    assert f"/admin/following/{model}/add/" not in changelist.content.decode()
    assert staff_client.get(f"/admin/following/{model}/add/").status_code == 403
    assert ConceptFollow.objects.count() == 1
