import pytest

from apps.votes.models import Vote
from tests.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def test_vote_post_redirects_back_without_javascript(client, make_user, make_question):
    question = make_question()
    log_in(client, make_user())
    response = client.post(f"/questions/{question.pk}/vote/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    question.refresh_from_db()
    assert question.score == 1


@pytest.mark.usefixtures("anyone_downvotes")
def test_vote_with_htmx_returns_the_widget(client, make_user, make_answer):
    answer = make_answer()
    log_in(client, make_user())
    response = client.post(f"/answers/{answer.pk}/vote/", {"value": "-1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="vote-answer-{answer.pk}"' in html
    assert '<span class="vote-score">-1</span>' in html


def test_anonymous_vote_prompts_to_log_in(client, make_question):
    question = make_question()
    response = client.post(f"/questions/{question.pk}/vote/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    htmx = client.post(f"/questions/{question.pk}/vote/", {"value": "1"}, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith("/accounts/login/")
    assert not Vote.objects.exists()


def test_anonymous_sees_login_links_instead_of_vote_buttons(client, make_question):
    question = make_question()
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'class="vote-button vote-up" href="/accounts/login/?next=/questions/' in html
    assert f'action="/questions/{question.pk}/vote/"' not in html


@pytest.mark.parametrize("value", ["", "up", "2", "1.5"])
def test_bad_vote_values_are_400_and_change_nothing(client, make_user, make_question, value):
    question = make_question()
    log_in(client, make_user())
    response = client.post(f"/questions/{question.pk}/vote/", {"value": value})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_own_post_vote_is_403(client, make_question):
    question = make_question()
    log_in(client, question.author)
    response = client.post(f"/questions/{question.pk}/vote/", {"value": "1"})
    assert response.status_code == 403
    htmx = client.post(f"/questions/{question.pk}/vote/", {"value": "1"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403
    assert htmx["Content-Type"].startswith("text/plain")
    assert not Vote.objects.exists()


def test_vote_requires_post_and_csrf(make_user, make_question):
    from django.test import Client

    question = make_question()
    voter = make_user()
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username=voter.username, password=PASSWORD)
    assert strict.get(f"/questions/{question.pk}/vote/").status_code == 405
    assert strict.post(f"/questions/{question.pk}/vote/", {"value": "1"}).status_code == 403
    assert not Vote.objects.exists()


def test_vote_on_unknown_post_is_404(client, make_user):
    log_in(client, make_user())
    assert client.post("/answers/999999/vote/", {"value": "1"}).status_code == 404
