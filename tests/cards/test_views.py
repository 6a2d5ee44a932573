"""The deck's pages: the card on the concept page, the toggle, /review/ and grading, with and
without htmx, in Korean and English, and bad input answered with a message (never a 500)."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cards.models import DeckCard, ReviewLog
from apps.cards.services import deck_toggle
from tests.conftest import log_in

HTMX = {"HX-Request": "true"}


def _a_day_later(user) -> None:
    """The clock moved on: every card of `user` came due a minute ago."""
    DeckCard.objects.filter(user=user).update(due=timezone.now() - dt.timedelta(minutes=1))


@pytest.fixture
def member(client, make_user):
    user = make_user("학습자")
    log_in(client, user)
    return user


# --- The concept page -----------------------------------------------------------------------


def test_the_concept_page_shows_the_card_in_korean_with_its_formula(client, make_card, make_tag):
    tag = make_tag("likelihood", name_ko="가능도", name_en="Likelihood")
    make_card(tag, definition_ko="관측값이 주어졌을 때 모수의 함수로 본 확률입니다.")
    html = client.get("/tags/likelihood/").content.decode()
    assert "관측값이 주어졌을 때 모수의 함수로 본 확률입니다." in html
    assert "최대우도추정에서 씁니다." in html
    assert "<math" in html and 'display="block"' in html and "\\theta" not in html
    assert "deck-form" not in html  # a visitor is not offered a deck


def test_the_concept_page_shows_the_card_in_english(client, make_card, make_tag):
    tag = make_tag("likelihood", name_ko="가능도", name_en="Likelihood")
    make_card(tag)
    client.cookies["django_language"] = "en"
    html = client.get("/tags/likelihood/").content.decode()
    assert "The definition of Likelihood." in html
    assert "Used in maximum likelihood estimation." in html
    assert "Where it is used" in html


def test_a_member_is_offered_the_deck_and_a_concept_without_card_offers_nothing(
    client, member, make_card, make_tag
):
    card = make_card()
    html = client.get(card.concept.get_absolute_url()).content.decode()
    assert f'action="/tags/{card.concept.slug}/deck/"' in html
    assert 'aria-pressed="false"' in html.split("deck-form")[1]
    bare = make_tag()
    html = client.get(bare.get_absolute_url()).content.decode()
    assert "deck-form" not in html and "definition-card" not in html


# --- The toggle -----------------------------------------------------------------------------


def test_the_toggle_without_js_adds_then_removes_with_a_message(client, member, make_card):
    card = make_card()
    url = f"/tags/{card.concept.slug}/deck/"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == card.concept.get_absolute_url()
    assert "복습 덱에 넣었습니다" in response.content.decode()
    assert DeckCard.objects.filter(user=member, card=card).exists()
    assert 'aria-pressed="true"' in response.content.decode().split("deck-form")[1]
    response = client.post(url, follow=True)
    assert not DeckCard.objects.filter(user=member).exists()
    assert "복습 덱에서 뺐습니다" in response.content.decode()


def test_the_toggle_with_htmx_answers_with_the_button(client, member, make_card):
    card = make_card()
    response = client.post(f"/tags/{card.concept.slug}/deck/", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in html


def test_the_toggle_refuses_bad_requests_clearly(client, make_user, make_card, make_tag):
    card, bare = make_card(), make_tag()
    # A visitor is sent to log in and back.
    response = client.post(f"/tags/{card.concept.slug}/deck/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    log_in(client, make_user())
    assert client.post("/tags/no-such-concept/deck/").status_code == 404
    assert client.get(f"/tags/{card.concept.slug}/deck/").status_code == 405
    response = client.post(f"/tags/{bare.slug}/deck/")
    assert response.status_code == 403
    assert "아직 정의 카드가 없어" in response.content.decode()
    response = client.post(f"/tags/{bare.slug}/deck/", headers=HTMX)
    assert response.status_code == 403 and "아직 정의 카드가 없어" in response.content.decode()
    assert not DeckCard.objects.exists()


def test_the_toggle_costs_a_fixed_number_of_queries(
    client, member, make_card, django_assert_num_queries
):
    card = make_card()
    client.get("/")  # the day's visit is written on the first request
    url = f"/tags/{card.concept.slug}/deck/"
    # the member (with their counts), the concept, its card; delete, insert in a savepoint
    with django_assert_num_queries(7):
        client.post(url, headers=HTMX)
    with django_assert_num_queries(6):  # taken out: nothing to insert
        client.post(url, headers=HTMX)
    assert not DeckCard.objects.exists()


# --- /review/ ---------------------------------------------------------------------------------


def test_review_asks_a_visitor_to_log_in(client):
    response = client.get("/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_empty_deck_points_to_the_concepts(client, member):
    html = client.get("/review/").content.decode()
    assert "복습 덱이 비어 있습니다" in html and 'href="/tags/"' in html


def test_a_card_added_today_is_not_due_until_tomorrow(client, member, make_card):
    card = make_card()
    client.post(f"/tags/{card.concept.slug}/deck/")
    html = client.get("/review/").content.decode()
    assert "지금 복습할 카드가 없습니다" in html
    due = timezone.localtime(DeckCard.objects.get().due)
    assert due.strftime("%Y-%m-%d %H:%M") in html and due.hour == 0
    response = client.post(f"/review/{card.concept.slug}/", {"rating": "3"})
    assert response.status_code == 409 and "아직 복습할 때가 아닙니다" in response.content.decode()


def test_the_next_day_the_card_is_shown_hidden_then_graded_without_js(client, member, make_card):
    card = make_card()
    deck_toggle(user=member, tag=card.concept)
    _a_day_later(member)
    html = client.get("/review/").content.decode()
    assert "카드 1장" in html
    assert card.concept.name_ko in html
    # The definition is inside a <details>: hidden until shown, with or without JS.
    details = html.split('<details class="review-reveal">')[1].split("</details>")[0]
    assert card.definition_ko in details
    buttons = re.findall(
        r'name="rating" value="(\d)">([^<]+)<span class="grade-when">([^<]+)', html
    )
    assert [(value, label.strip()) for value, label, _when in buttons] == [
        ("1", "다시 ·"),
        ("2", "어려움 ·"),
        ("3", "좋음 ·"),
        ("4", "쉬움 ·"),
    ]
    assert [when for _v, _l, when in buttons] == ["10분 후", "15분 후", "2일 후", "8일 후"]

    response = client.post(f"/review/{card.concept.slug}/", {"rating": "3"}, follow=True)
    assert response.redirect_chain == [("/review/", 302)]
    html = response.content.decode()
    assert "좋음" in html and "2일 후 다시 봅니다" in html
    assert "지금 복습할 카드가 없습니다" in html
    log = ReviewLog.objects.get()
    assert (log.user, log.card, log.rating) == (member, card, 3)


def test_grading_with_htmx_answers_with_the_next_card(client, member, make_card):
    first, second = make_card(), make_card()
    deck_toggle(user=member, tag=first.concept)
    deck_toggle(user=member, tag=second.concept)
    DeckCard.objects.filter(card=first).update(due=timezone.now() - dt.timedelta(hours=2))
    DeckCard.objects.filter(card=second).update(due=timezone.now() - dt.timedelta(hours=1))
    response = client.post(f"/review/{first.concept.slug}/", {"rating": "1"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="review"')
    assert "10분 후 다시 봅니다" in html
    assert f'action="/review/{second.concept.slug}/"' in html
    # The header's count follows (out of band).
    assert re.search(r'id="due-link" href="/review/" data-hx-swap-oob="true"', html)
    assert 'class="due-count" aria-hidden="true">1<' in html
    html = client.post(f"/review/{second.concept.slug}/", {"rating": "3"}, headers=HTMX)
    assert '<span id="due-link" hidden data-hx-swap-oob="true"></span>' in html.content.decode()


def test_the_review_page_in_english(client, member, make_card):
    card = make_card()
    deck_toggle(user=member, tag=card.concept)
    _a_day_later(member)
    client.cookies["django_language"] = "en"
    html = client.get("/review/").content.decode()
    assert "1 card due" in html and "Recall the definition, then show it" in html
    assert "Good · <span" in html and "in 2 days" in html
    assert "Still confusing? Ask the community" in html
    href = re.search(r'<a class="button" href="([^"]+)">Still confusing', html).group(1)
    form = client.get(href.replace("&amp;", "&")).context["form"]
    assert (
        form["title"].value() == f"I still find the definition of {card.concept.name_en} confusing"
    )
    assert form["tags"].value() == card.concept.name_en


@pytest.mark.parametrize("rating", ["", "0", "5", "good", "3; DROP", "2.5"])
def test_a_bad_rating_gets_a_message_not_a_500(client, member, make_card, rating):
    card = make_card()
    deck_toggle(user=member, tag=card.concept)
    _a_day_later(member)
    response = client.post(f"/review/{card.concept.slug}/", {"rating": rating})
    assert response.status_code == 400
    assert "얼마나 잘 기억했는지" in response.content.decode()
    assert not ReviewLog.objects.exists()


def test_grading_nothing_or_someone_elses_card_is_refused_clearly(
    client, member, make_user, make_card
):
    response = client.post("/review/no-such-concept/", {"rating": "3"})
    assert response.status_code == 404 and "no-such-concept" in response.content.decode()
    card = make_card()
    other = make_user()
    deck_toggle(user=other, tag=card.concept)
    _a_day_later(other)
    response = client.post(f"/review/{card.concept.slug}/", {"rating": "3"})
    assert response.status_code == 404 and "복습 덱에 없습니다" in response.content.decode()
    response = client.post(f"/review/{card.concept.slug}/", {"rating": "3"}, headers=HTMX)
    assert response.status_code == 404 and "복습 덱에 없습니다" in response.content.decode()
    assert client.get(f"/review/{card.concept.slug}/").status_code == 405
    assert not ReviewLog.objects.exists()


def test_a_double_click_on_a_grade_grades_once(client, member, make_card):
    card = make_card()
    deck_toggle(user=member, tag=card.concept)
    _a_day_later(member)
    url = f"/review/{card.concept.slug}/"
    assert client.post(url, {"rating": "3"}).status_code == 302
    assert client.post(url, {"rating": "3"}).status_code == 409
    assert ReviewLog.objects.count() == 1 and DeckCard.objects.get().reviews == 1


def test_still_confusing_opens_the_ask_form_filled_in(client, member, make_card, make_tag):
    tag = make_tag("likelihood", name_ko="가능도", name_en="Likelihood")
    make_card(tag)
    deck_toggle(user=member, tag=tag)
    _a_day_later(member)
    html = client.get("/review/").content.decode()
    href = re.search(r'<a class="button" href="([^"]+)">[^<]*커뮤니티', html).group(1)
    href = href.replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/questions/ask/"
    assert query == {"title": ["가능도의 정의가 아직 헷갈립니다"], "tags": ["가능도"]}
    form = client.get(href).context["form"]
    assert form["title"].value() == "가능도의 정의가 아직 헷갈립니다"
    assert form["tags"].value() == "가능도"


def test_review_costs_a_fixed_number_of_queries(
    client, member, make_card, django_assert_num_queries
):
    def count_for(cards: int) -> int:
        for _ in range(cards):
            deck_toggle(user=member, tag=make_card().concept)
        _a_day_later(member)
        client.get("/review/")
        # the member (with its due count), the first due card
        with django_assert_num_queries(2) as counted:
            response = client.get("/review/")
        assert response.context["due_total"] == DeckCard.objects.filter(user=member).count()
        return len(counted.captured_queries)

    assert count_for(1) == count_for(5)


def test_an_empty_review_costs_a_fixed_number_of_queries(
    client, member, make_card, django_assert_num_queries
):
    deck_toggle(user=member, tag=make_card().concept)
    deck_toggle(user=member, tag=make_card().concept)
    client.get("/review/")
    # the member (with its due count), the deck's size and next due date
    with django_assert_num_queries(2):
        client.get("/review/")


# --- The header -----------------------------------------------------------------------------


def test_the_header_shows_the_due_count_at_no_query_of_its_own(
    client, member, make_card, django_assert_num_queries
):
    for _ in range(3):
        deck_toggle(user=member, tag=make_card().concept)
    client.get("/users/")
    html = client.get("/users/").content.decode()
    assert "due-link" not in html  # nothing due: no badge
    _a_day_later(member)
    # The member (with their counts), the people's total, the page, their concepts: as before.
    with django_assert_num_queries(4) as counted:
        response = client.get("/users/")
    assert "cards_deckcard" in counted.captured_queries[0]["sql"]
    assert not any("cards_deckcard" in q["sql"] for q in counted.captured_queries[1:])
    html = response.content.decode()
    assert re.search(r'<a class="inbox-link due-link" id="due-link" href="/review/"', html)
    assert 'class="due-count" aria-hidden="true">3<' in html


def test_the_card_costs_a_member_one_query_on_the_concept_page_and_a_visitor_none(
    client, make_user, make_card, make_tag, django_assert_num_queries
):
    with_card, without = make_card().concept, make_tag()
    for tag in (with_card, without):  # a visitor's pages are kept whole
        client.get(tag.get_absolute_url())
    with django_assert_num_queries(0):
        assert "definition-card" in client.get(with_card.get_absolute_url()).content.decode()

    log_in(client, make_user())
    for tag in (with_card, without):  # the day's visit, what is kept for everyone
        client.get(tag.get_absolute_url())
    with CaptureQueriesContext(connection) as bare:
        client.get(without.get_absolute_url())
    with CaptureQueriesContext(connection) as carded:
        client.get(with_card.get_absolute_url())
    deck_queries = [q for q in carded.captured_queries if "cards_deckcard" in q["sql"]]
    assert len(carded) == len(bare) + 1
    assert len(deck_queries) == 2  # the member's one query, and "is it in my deck?"
