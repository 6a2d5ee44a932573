"""The bounty URLs (a public contract), the question page's box and buttons, the featured
tab: with and without htmx, CSRF, visitors refused, missing ids 404, never a 500."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from apps.bounties.models import Bounty, State
from apps.bounties.services import bounty_award, bounty_close_expired, bounty_offer
from apps.reputation.models import ReputationEvent
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _ledger():
    return (
        list(Bounty.objects.values_list("id", "state", "awarded_amount")),
        list(ReputationEvent.objects.values_list("id", "amount")),
    )


@pytest.fixture
def offerer(make_rich, client):
    user = make_rich(300)
    log_in(client, user)
    return user


def test_the_urls_are_the_documented_ones():
    assert reverse("bounties:offer", args=[7]) == "/questions/7/bounty/"
    assert reverse("bounties:award", args=[8]) == "/answers/8/award/"


def test_offering_without_javascript_redirects_with_a_message(client, offerer, make_old_question):
    question = make_old_question()
    response = client.post(f"/questions/{question.pk}/bounty/", {"amount": "100"})
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert Bounty.objects.get(question=question).amount == 100
    assert any("100" in str(m) for m in get_messages(response.wsgi_request))
    page = client.get(response["Location"]).content.decode()
    assert "+100 현상금" in page  # the box: "+100 현상금, 12월 12일까지"
    assert "까지" in page


def test_offering_with_htmx_asks_for_the_page_again(client, offerer, make_old_question):
    question = make_old_question()
    response = client.post(f"/questions/{question.pk}/bounty/", {"amount": "50"}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == question.get_absolute_url()
    assert Bounty.objects.filter(question=question, state=State.OPEN).count() == 1


@pytest.mark.parametrize("amount", ["", "abc", "10", "9999", "1e3"])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_amount_is_refused_with_a_message(client, offerer, make_old_question, amount, htmx):
    question = make_old_question()
    before = _ledger()
    response = client.post(
        f"/questions/{question.pk}/bounty/", {"amount": amount}, **(HTMX if htmx else {})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "500" in text or "정수" in text
    assert _ledger() == before


def test_a_double_submit_is_refused_and_changes_nothing(client, offerer, make_old_question):
    question = make_old_question()
    client.post(f"/questions/{question.pk}/bounty/", {"amount": "100"})
    before = _ledger()
    again = client.post(f"/questions/{question.pk}/bounty/", {"amount": "100"}, **HTMX)
    assert again.status_code == 403
    with translation.override("ko"):
        assert "현상금" in again.content.decode()
    assert _ledger() == before


def test_a_member_without_the_privilege_is_refused(client, make_rich, make_old_question):
    log_in(client, make_rich(60))
    question = make_old_question()
    response = client.post(f"/questions/{question.pk}/bounty/", {"amount": "50"})
    assert response.status_code == 403
    assert "75" in response.content.decode()
    assert not Bounty.objects.exists()


def test_a_visitor_is_sent_to_log_in_and_nothing_changes(client, make_old_question, make_answer):
    question = make_old_question()
    answer = make_answer(question=question)
    response = client.post(f"/questions/{question.pk}/bounty/", {"amount": "50"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/answers/{answer.pk}/award/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Bounty.objects.exists()


def test_posts_without_the_csrf_token_are_refused(make_rich, make_old_question):
    strict = Client(enforce_csrf_checks=True)
    log_in(strict, make_rich())
    question = make_old_question()
    response = strict.post(f"/questions/{question.pk}/bounty/", {"amount": "50"})
    assert response.status_code == 403
    assert not Bounty.objects.exists()


def test_missing_ids_are_404_and_get_is_405(client, offerer):
    assert client.post("/questions/999999/bounty/", {"amount": "50"}).status_code == 404
    assert client.post("/answers/999999/award/").status_code == 404
    assert client.get("/questions/1/bounty/").status_code == 405


@pytest.fixture
def bountied(make_rich, make_old_question, make_answer, make_user):
    offerer = make_rich(300)
    asker = make_user(username="asker")
    question = make_old_question(author=asker)
    answers = [make_answer(question=question) for _ in range(3)]
    bounty_offer(user=offerer, question=question, amount=200)
    return question, answers, offerer


@pytest.mark.parametrize("htmx", [False, True])
def test_the_asker_awards_an_answer(client, bountied, htmx):
    question, answers, _offerer = bountied
    log_in(client, question.author)
    response = client.post(f"/answers/{answers[1].pk}/award/", **(HTMX if htmx else {}))
    target = question.get_absolute_url()
    if htmx:  # the page again, loaded afresh (an anchor alone would only scroll)
        assert (response.status_code, response["HX-Redirect"]) == (204, target)
    else:
        assert (response.status_code, response["Location"]) == (
            302,
            f"{target}#answer-{answers[1].pk}",
        )
    answers[1].author.refresh_from_db()
    assert answers[1].author.reputation == 201
    page = client.get(question.get_absolute_url()).content.decode()
    assert "+200 현상금" in page  # the winner's mark
    assert "bounty-award-button" not in page  # nothing left to award


def test_awarding_twice_is_refused_with_a_message(client, bountied):
    question, answers, _offerer = bountied
    log_in(client, question.author)
    client.post(f"/answers/{answers[0].pk}/award/")
    before = _ledger()
    response = client.post(f"/answers/{answers[2].pk}/award/", **HTMX)
    assert response.status_code == 403 and response.content
    assert _ledger() == before


def test_someone_else_cannot_award(client, bountied, make_rich):
    _question, answers, _offerer = bountied
    log_in(client, make_rich())
    before = _ledger()
    response = client.post(f"/answers/{answers[0].pk}/award/")
    assert response.status_code == 403
    assert _ledger() == before


def _award_buttons(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'action="/answers/(\d+)/award/"', html)}


def test_the_page_shows_award_buttons_only_to_the_asker_and_the_offerer(
    client, bountied, make_answer, make_rich
):
    question, answers, offerer = bountied
    own = make_answer(question=question, author=offerer)
    url = question.get_absolute_url()
    log_in(client, question.author)
    assert _award_buttons(client.get(url).content.decode()) == {a.pk for a in [*answers, own]}
    log_in(client, offerer)
    assert _award_buttons(client.get(url).content.decode()) == {a.pk for a in answers}
    log_in(client, make_rich())
    html = client.get(url).content.decode()
    assert _award_buttons(html) == set()
    assert "bounty-offer" not in html  # one is open already
    assert _award_buttons(Client().get(url).content.decode()) == set()


def test_the_offer_form_shows_to_those_who_may(client, make_rich, make_old_question):
    question = make_old_question()
    young = make_old_question(days=0)
    log_in(client, make_rich(100))
    assert 'name="amount"' in client.get(question.get_absolute_url()).content.decode()
    assert 'name="amount"' not in client.get(young.get_absolute_url()).content.decode()
    log_in(client, make_rich(60))
    assert 'name="amount"' not in client.get(question.get_absolute_url()).content.decode()
    assert 'name="amount"' not in Client().get(question.get_absolute_url()).content.decode()


def test_a_members_page_with_a_bounty_costs_two_queries(
    client, bountied, django_assert_num_queries
):
    """The bounty comes with the kept thread: nothing is added per request."""
    question, answers, offerer = bountied
    bounty_award(user=question.author, answer=answers[0])
    bounty_offer(user=offerer, question=question, amount=50)
    log_in(client, question.author)
    url = question.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(2):
        response = client.get(url)
    assert _award_buttons(response.content.decode()) == {a.pk for a in answers}


def test_the_featured_tab_lists_open_bounties_with_their_amount(
    client, make_rich, make_old_question, make_question
):
    offerer = make_rich(500)
    featured = [make_old_question() for _ in range(3)]
    plain = make_question(title="현상금 없는 질문이에요")
    for n, question in enumerate(featured):
        bounty_offer(user=offerer, question=question, amount=50 + 50 * n)
    response = client.get("/", {"tab": "featured"})
    html = response.content.decode()
    assert [q.pk for q in response.context["page"].object_list] == [
        q.pk for q in reversed(featured)
    ]
    assert plain.title not in html
    assert "+150" in html and "+100" in html and "+50" in html
    assert 'href="?tab=featured"' in html
    assert "현상금" in html  # the tab's Korean name


def test_the_featured_tab_says_when_there_is_none(client, make_question):
    make_question()
    response = client.get("/", {"tab": "featured"})
    assert response.context["page"].object_list == []
    assert 'class="empty"' in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_featured_tab_costs_a_fixed_number_of_queries(
    client, make_rich, make_old_question, django_assert_max_num_queries, count
):
    offerer = make_rich(500 * count)
    for _ in range(count):
        bounty_offer(user=offerer, question=make_old_question(), amount=50)
    # the total, the page's ids, its rows (with authors and bounties), their tags
    with django_assert_max_num_queries(4):
        response = client.get("/", {"tab": "featured"})
    assert len(response.context["page"].object_list) == count


def test_offers_are_rate_limited(client, settings, make_rich, make_old_question):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bounty": ("1/d", "1/d")}
    log_in(client, make_rich(500))
    first, second = make_old_question(), make_old_question()
    assert client.post(f"/questions/{first.pk}/bounty/", {"amount": "50"}).status_code == 302
    response = client.post(f"/questions/{second.pk}/bounty/", {"amount": "50"})
    assert response.status_code == 429
    assert Bounty.objects.count() == 1


def test_the_privileges_page_lists_offering_a_bounty(client):
    html = client.get("/help/privileges/").content.decode()
    assert 'id="privilege-bounty"' in html
    assert "질문에 현상금 걸기" in html


def test_the_winner_reads_of_it_in_the_inbox(client, bountied):
    question, answers, _offerer = bountied
    bounty_award(user=question.author, answer=answers[0])
    log_in(client, answers[0].author)
    html = client.get("/notifications/").content.decode()
    assert "현상금을 받았어요" in html


def test_an_offer_refused_for_the_question_costs_no_attempt(
    client, settings, make_rich, make_old_question
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bounty": ("1/d", "1/d")}
    log_in(client, make_rich(500))
    young, old = make_old_question(days=1), make_old_question()
    response = client.post(f"/questions/{young.pk}/bounty/", {"amount": "50"})
    assert response.status_code == 403
    assert "이틀" in response.content.decode()
    assert client.post(f"/questions/{old.pk}/bounty/", {"amount": "50"}).status_code == 302


def test_pages_kept_for_visitors_show_a_bounty_at_once(make_rich, make_old_question, make_answer):
    """Offering, awarding and settling retire the thread and the lists (apps.caching.events)."""
    visitor = Client()
    question = make_old_question()
    answer = make_answer(question=question)
    url = question.get_absolute_url()
    assert "bounty-amount" not in visitor.get(url).content.decode()
    assert "bounty-chip" not in visitor.get("/?tab=featured").content.decode()
    offerer = make_rich()
    bounty_offer(user=offerer, question=question, amount=100)
    assert "+100 현상금" in visitor.get(url).content.decode()
    assert "bounty-chip" in visitor.get("/?tab=featured").content.decode()
    bounty_award(user=question.author, answer=answer)
    html = visitor.get(url).content.decode()
    assert "bounty-amount" not in html and "bounty-won" in html
    assert "bounty-chip" not in visitor.get("/?tab=featured").content.decode()
    # a second bounty, left to the cron job: lost, and gone from the page
    second = bounty_offer(user=offerer, question=question, amount=50)
    assert "+50 현상금" in visitor.get(url).content.decode()
    Bounty.objects.filter(pk=second.pk).update(ends_at=timezone.now() - timedelta(days=2))
    assert [b.pk for b in bounty_close_expired()] == [second.pk]
    assert "+50 현상금" not in visitor.get(url).content.decode()
