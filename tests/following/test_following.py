"""Following concepts and questions: toggles, automatic follows, the Following tab."""

import pytest
from django.test import Client

from apps.following.models import ConceptFollow, QuestionFollow
from apps.following.services import concept_follow_toggle, question_follow_toggle
from tests.conftest import log_in


def test_asking_and_answering_follow_the_question(make_user, make_question, make_answer):
    asker, answerer = make_user(), make_user()
    question = make_question(author=asker)
    make_answer(question=question, author=answerer)
    make_answer(question=question, author=answerer)  # answering twice follows once
    followers = set(QuestionFollow.objects.filter(question=question).values_list("user", flat=True))
    assert followers == {asker.pk, answerer.pk}


def test_toggling_follows_then_unfollows(make_user, make_tag, make_question):
    member, tag, question = make_user(), make_tag(), make_question()
    assert concept_follow_toggle(user=member, tag=tag) is True
    assert ConceptFollow.objects.filter(user=member, tag=tag).count() == 1
    assert concept_follow_toggle(user=member, tag=tag) is False
    assert not ConceptFollow.objects.filter(user=member, tag=tag).exists()
    assert question_follow_toggle(user=member, question=question) is True
    assert question_follow_toggle(user=member, question=question) is False
    assert not QuestionFollow.objects.filter(user=member, question=question).exists()


def test_following_a_concept_from_its_page(client, make_user, make_tag):
    member, tag = make_user(), make_tag()
    log_in(client, member)
    page = client.get(tag.get_absolute_url()).content.decode()
    assert f'action="/tags/{tag.slug}/follow/"' in page and 'aria-pressed="false"' in page
    response = client.post(f"/tags/{tag.slug}/follow/", follow=True)
    assert response.redirect_chain[-1][0] == tag.get_absolute_url()
    assert ConceptFollow.objects.filter(user=member, tag=tag).exists()
    assert 'aria-pressed="true"' in response.content.decode()


def test_htmx_gets_the_button_back(client, make_user, make_tag, make_question):
    member, tag, question = make_user(), make_tag(), make_question()
    log_in(client, member)
    response = client.post(f"/tags/{tag.slug}/follow/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in html
    response = client.post(f"/questions/{question.pk}/follow/", headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in response.content.decode()
    response = client.post(f"/questions/{question.pk}/follow/", headers={"HX-Request": "true"})
    assert 'aria-pressed="false"' in response.content.decode()


def test_the_tag_index_shows_what_i_follow(client, make_user, make_tag):
    member, followed = make_user(), make_tag("fl-followed")
    make_tag("fl-other")
    concept_follow_toggle(user=member, tag=followed)
    log_in(client, member)
    html = client.get("/tags/").content.decode()
    followed_form = html.split('action="/tags/fl-followed/follow/"')[1].split("</form>")[0]
    other_form = html.split('action="/tags/fl-other/follow/"')[1].split("</form>")[0]
    assert 'aria-pressed="true"' in followed_form
    assert 'aria-pressed="false"' in other_form


def test_anonymous_people_are_asked_to_log_in(client, make_tag, make_question):
    tag, question = make_tag(), make_question()
    response = client.post(f"/tags/{tag.slug}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/questions/{question.pk}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ConceptFollow.objects.exists()


@pytest.mark.parametrize("method", ["get", "put"])
def test_following_is_post_only(client, make_user, make_tag, method):
    member, tag = make_user(), make_tag()
    log_in(client, member)
    assert getattr(client, method)(f"/tags/{tag.slug}/follow/").status_code == 405
    assert not ConceptFollow.objects.exists()


def test_following_needs_the_csrf_token(make_user, make_tag):
    member, tag = make_user(), make_tag()
    strict = Client(enforce_csrf_checks=True)
    log_in(strict, member)
    assert strict.post(f"/tags/{tag.slug}/follow/").status_code == 403
    assert not ConceptFollow.objects.exists()


def test_unknown_targets_are_not_found(client, make_user):
    log_in(client, make_user())
    assert client.post("/tags/no-such-concept/follow/").status_code == 404
    assert client.post("/questions/999999/follow/").status_code == 404


def test_the_following_tab_lists_the_newest_under_my_concepts(
    client, make_user, make_tag, make_question
):
    member = make_user()
    followed = [make_tag("fl-a"), make_tag("fl-b")]
    make_tag("fl-c")
    for tag in followed:
        concept_follow_toggle(user=member, tag=tag)
    older = make_question(title="첫 번째 따라가는 질문", tags=["fl-a"])
    both = make_question(title="두 개념 모두 질문", tags=["fl-a", "fl-b"])
    make_question(title="따라가지 않는 개념 질문", tags=["fl-c"])
    log_in(client, member)
    response = client.get("/", {"tab": "following"})
    assert response.context["tab"] == "following"
    assert list(response.context["page"].object_list) == [both, older]  # newest first, once each


def test_the_following_tab_is_for_members(client, make_question):
    make_question()
    response = client.get("/", {"tab": "following"})
    assert response.context["tab"] == "newest"
    assert "following" not in response.context["tabs"]


def test_an_empty_following_tab_says_what_to_do(client, make_user, make_question):
    make_question()
    log_in(client, make_user())
    html = client.get("/", {"tab": "following"}).content.decode()
    assert "개념 몇 개를 팔로우" in html or "follow a few concepts" in html
