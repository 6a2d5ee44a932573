"""The request URLs (`/questions/<id>/request/` is a public contract), the ask page's suggested
people, the asker's box, the inbox's decline: with and without htmx, in Korean and English,
visitors sent to log in, bad input answered with a message and never a 500, query counts."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.answer_requests.models import AnswerRequest
from apps.moderation.services import post_delete
from apps.notifications.digest import digest_send_all
from apps.notifications.models import Kind, Notification
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def asked(community, make_question, client):
    """The asker, logged in, with a question under both concepts."""
    question = make_question(
        author=community.asker, title="우도와 엔트로피는 어떤 관계인가요?", tags=community.tags
    )
    log_in(client, community.asker)
    return question


def _state():
    return (
        list(AnswerRequest.objects.values_list("id", "person_id", "declined_at")),
        list(Notification.objects.values_list("id", "read_at")),
    )


def test_the_urls_are_the_documented_ones():
    assert reverse("answer_requests:request", args=[7]) == "/questions/7/request/"
    assert reverse("answer_requests:decline", args=[7]) == "/questions/7/request/decline/"
    assert reverse("answer_requests:ask_people") == "/questions/ask/people/"


def test_the_ask_page_suggests_people_for_the_concepts_typed(
    client, community, django_assert_num_queries
):
    log_in(client, community.asker)
    assert 'id="answer-people"' in client.get("/questions/ask/").content.decode()
    client.get("/questions/ask/people/", {"tags": "우도"})  # the member loaded once
    with django_assert_num_queries(3):  # the member, the concepts, the people
        response = client.get("/questions/ask/people/", {"tags": "우도, Entropy"}, **HTMX)
    html = response.content.decode()
    assert html.index("accepted") < html.index("upvoted") < html.index("oldtimer")
    assert "zero" not in html and "elsewhere" not in html and ">asker<" not in html
    assert "최대 3명" in html


def test_the_ask_page_suggests_nobody_for_no_concept_and_to_visitors(client, community):
    log_in(client, community.asker)
    for tags in ("", ",,", "없는개념"):
        assert (
            "suggested-person"
            not in client.get("/questions/ask/people/", {"tags": tags}).content.decode()
        )
    response = Client().get("/questions/ask/people/", {"tags": "우도"})
    assert response.status_code == 200
    assert "suggested-person" not in response.content.decode()


def test_the_ask_page_suggestions_in_english(client, community):
    client.cookies["django_language"] = "en"
    log_in(client, community.asker)
    html = client.get("/questions/ask/people/", {"tags": "likelihood"}).content.decode()
    assert "People who answer these concepts well" in html
    assert "2 accepted" in html or "1 accepted" in html


def test_the_askers_question_page_has_the_box_at_no_extra_query(
    client, asked, django_assert_num_queries
):
    url = asked.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(2):  # as for every member (tests/questions)
        html = client.get(url).content.decode()
    assert 'id="answer-requests"' in html
    assert 'name="username"' in html  # works without JavaScript too
    other = Client()
    log_in(other, User.objects.get(username="upvoted"))
    assert 'id="answer-requests"' not in other.get(url).content.decode()
    assert 'id="answer-requests"' not in Client().get(url).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_box_costs_a_fixed_number_of_queries(
    client, asked, make_user, django_assert_num_queries, htmx
):
    url = f"/questions/{asked.pk}/request/"
    client.get(url)
    with django_assert_num_queries(4):  # the member, the question, who was asked, the people
        first = client.get(url, **(HTMX if htmx else {})).content.decode()
    for name in ("accepted", "upvoted"):
        client.post(url, {"username": name})
    with django_assert_num_queries(4):
        after = client.get(url, **(HTMX if htmx else {})).content.decode()
    assert "Ask accepted" in first or "accepted 님에게" in first
    assert after.count('class="asked-person"') == 2
    assert ("<html" in first) is not htmx


def test_asking_without_javascript_redirects_to_the_box_with_a_message(client, asked):
    url = f"/questions/{asked.pk}/request/"
    response = client.post(url, {"username": "upvoted"})
    assert (response.status_code, response["Location"]) == (302, url)
    assert any("upvoted" in str(m) for m in get_messages(response.wsgi_request))
    page = client.get(url).content.decode()
    assert 'class="asked-person"' in page and "upvoted" in page
    note = Notification.objects.get(kind=Kind.ANSWER_REQUEST)
    assert note.recipient.username == "upvoted"


def test_asking_with_htmx_swaps_the_box(client, asked):
    client.cookies["django_language"] = "en"
    response = client.post(f"/questions/{asked.pk}/request/", {"username": "accepted"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<section") or 'id="answer-requests"' in html
    assert "You asked accepted to answer" in html
    assert "You may ask 2 more people" in html


BAD = {
    "unknown": ({"username": "nobody-here"}, 400, "nobody-here"),
    "missing": ({}, 400, "username"),
    "yourself": ({"username": "asker"}, 403, "yourself"),
    "twice": ({"username": "accepted"}, 403, "already asked"),
    "turned off": ({"username": "oldtimer"}, 403, "does not take"),
    "very long": ({"username": "x" * 5000}, 400, "no member"),
}


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_a_message_and_changes_nothing(client, asked, case, htmx):
    client.cookies["django_language"] = "en"
    client.post(f"/questions/{asked.pk}/request/", {"username": "accepted"})
    User.objects.filter(username="oldtimer").update(accepts_answer_requests=False)
    data, status, says = BAD[case]
    before = _state()
    response = client.post(f"/questions/{asked.pk}/request/", data, **(HTMX if htmx else {}))
    assert response.status_code == status
    assert says in response.content.decode()
    assert _state() == before


def test_a_fourth_request_a_deleted_question_and_a_stranger_are_refused(
    client, asked, make_user, make_question
):
    client.cookies["django_language"] = "en"
    url = f"/questions/{asked.pk}/request/"
    for name in ("accepted", "upvoted", "elsewhere"):
        assert client.post(url, {"username": name}).status_code == 302
    before = _state()
    response = client.post(url, {"username": make_user("fourth").username})
    assert response.status_code == 403 and "at most 3 people" in response.content.decode()
    assert _state() == before

    other = make_question(author=asked.author, tags=["likelihood"])
    post_delete(user=asked.author, post=other)
    response = client.post(f"/questions/{other.pk}/request/", {"username": "upvoted"})
    assert response.status_code == 403 and "deleted" in response.content.decode()
    assert client.post("/questions/999999/request/", {"username": "upvoted"}).status_code == 404
    assert client.get(f"/questions/{other.pk}/request/").status_code == 404
    assert _state() == before

    stranger = Client()
    stranger.cookies["django_language"] = "en"
    log_in(stranger, make_user(reputation=500))
    response = stranger.post(url, {"username": "oldtimer"})
    assert response.status_code == 403 and "Only the person who asked" in response.content.decode()
    assert stranger.get(url).status_code == 403
    gone = stranger.post(f"/questions/{other.pk}/request/", {"username": "upvoted"})
    assert gone.status_code == 404
    assert _state() == before


def test_visitors_are_sent_to_log_in_and_csrf_is_needed(asked, client):
    url = f"/questions/{asked.pk}/request/"
    response = Client().post(url, {"username": "accepted"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get(url).status_code == 302
    checked = Client(enforce_csrf_checks=True)
    log_in(checked, asked.author)
    assert checked.post(url, {"username": "accepted"}).status_code == 403
    assert AnswerRequest.objects.count() == 0


def test_a_new_member_cannot_ask(client, community, make_user, make_question):
    client.cookies["django_language"] = "en"
    newcomer = make_user(reputation=1)
    question = make_question(author=newcomer, tags=community.tags)
    log_in(client, newcomer)
    response = client.post(f"/questions/{question.pk}/request/", {"username": "accepted"})
    assert response.status_code == 403 and "reputation" in response.content.decode()
    box = client.get(f"/questions/{question.pk}/request/").content.decode()
    assert "reputation cannot ask others" in box and "suggested-person" not in box
    assert AnswerRequest.objects.count() == 0


def test_requests_are_rate_limited(client, asked, make_question, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "request": ("1/h", "1/h")}
    second = make_question(author=asked.author, tags=["likelihood"])
    assert (
        client.post(f"/questions/{asked.pk}/request/", {"username": "accepted"}).status_code == 302
    )
    response = client.post(f"/questions/{second.pk}/request/", {"username": "upvoted"})
    assert response.status_code == 429
    assert AnswerRequest.objects.count() == 1


def test_the_person_asked_sees_it_in_the_inbox_and_declines_there(client, asked):
    client.post(f"/questions/{asked.pk}/request/", {"username": "upvoted"})
    person = Client()
    log_in(person, User.objects.get(username="upvoted"))
    inbox = person.get("/notifications/").content.decode()
    assert "asker" in inbox and "답변을 부탁했어요" in inbox and asked.title in inbox
    decline = f"/questions/{asked.pk}/request/decline/"
    assert decline in inbox
    response = person.post(decline, {"from": "inbox"})
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert AnswerRequest.objects.get().declined_at is not None
    assert decline not in person.get("/notifications/").content.decode()
    again = person.post(decline, {"from": "inbox"})
    assert again.status_code == 302  # declined already: said so, nothing changes
    box = client.get(f"/questions/{asked.pk}/request/").content.decode()
    assert "거절" in box


def test_the_person_asked_can_decline_from_the_requests_page(client, asked):
    client.post(f"/questions/{asked.pk}/request/", {"username": "upvoted"})
    person = Client()
    person.cookies["django_language"] = "en"
    log_in(person, User.objects.get(username="upvoted"))
    url = f"/questions/{asked.pk}/request/"
    page = person.get(url).content.decode()
    assert "asked you to answer" in page and "Decline" in page
    response = person.post(f"{url}decline/", {"from": "request"})
    assert (response.status_code, response["Location"]) == (302, url)
    assert "You declined this request." in person.get(url).content.decode()


def test_declining_what_nobody_asked_is_a_clear_404(client, asked, make_user):
    log_in(client, make_user())
    response = client.post(f"/questions/{asked.pk}/request/decline/")
    assert response.status_code == 404
    assert client.post("/questions/999999/request/decline/").status_code == 404
    assert Client().post(f"/questions/{asked.pk}/request/decline/").status_code == 302


def test_turning_requests_off_in_the_profile(client, make_user):
    member = make_user(reputation=20)
    log_in(client, member)
    form = client.get("/accounts/profile/").content.decode()
    assert 'name="accepts_answer_requests"' in form and "checked" in form
    data = {"display_name": "", "bio": "", "language": "", "email_digest": ""}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.accepts_answer_requests is False
    client.post("/accounts/profile/", {**data, "accepts_answer_requests": "on"})
    member.refresh_from_db()
    assert member.accepts_answer_requests is True


def test_the_daily_digest_tells_of_the_request(client, asked, mailoutbox):
    person = User.objects.get(username="upvoted")
    User.objects.filter(pk=person.pk).update(
        email="upvoted@example.com", email_digest=True, language="en"
    )
    client.post(f"/questions/{asked.pk}/request/", {"username": "upvoted"})
    assert digest_send_all().sent == 1
    [mail] = mailoutbox
    assert mail.to == ["upvoted@example.com"]
    assert f'asker asked you to answer "{asked.title}"' in mail.body
    assert asked.get_absolute_url() in mail.body


def test_odd_requests_get_answers_never_a_500(client, asked):
    odd = [
        client.get("/questions/ask/people/", {"tags": "우도," * 400 + "\x00"}),
        client.get("/questions/ask/people/", {"tags": "우도," * 400}),
        client.get("/questions/ask/people/", {"tags": ["우도", "엔트로피"]}),
        client.post("/questions/ask/people/"),
        client.get(f"/questions/{asked.pk}/request/decline/"),
        client.post(f"/questions/{asked.pk}/request/", {"username": ["accepted", "upvoted"]}),
        client.post(f"/questions/{asked.pk}/request/", {"username": "\u202eaccepted"}),
        client.put(f"/questions/{asked.pk}/request/"),
    ]
    # (A NUL in the address is refused by the site's request guard.)
    assert [response.status_code for response in odd] == [400, 200, 200, 405, 405, 302, 400, 405]
    # Of two names, the last was taken (QueryDict.get).
    assert list(AnswerRequest.objects.values_list("person__username", flat=True)) == ["upvoted"]
