"""The inbox and its badge: every kind of notification as a sentence, pages of fifty, marking
read (mine only, once), and the header's count queried only when it is shown."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from apps.answers.services import answer_accept
from apps.following.services import concept_follow_toggle, question_follow_toggle
from apps.notifications.context_processors import unread
from apps.notifications.models import Notification
from apps.votes.services import vote_cast
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _answers_to(question, count, make_answer) -> None:
    for _ in range(count):
        make_answer(question=question)


def test_every_kind_reads_as_a_sentence_in_a_fixed_number_of_queries(
    client, make_user, make_tag, make_question, make_answer, django_assert_max_num_queries
):
    me, other = make_user(), make_user(display_name="다른 사람")
    mine = make_question(author=me, title="My own question")
    for _ in range(5):
        vote_cast(user=make_user(), post=mine, value=1)  # milestone: my question
    theirs = make_question(author=other, title="Their question")
    answer = make_answer(question=theirs, author=me)
    answer_accept(user=other, answer=answer)  # accepted
    for _ in range(5):
        vote_cast(user=make_user(), post=answer, value=1)  # milestone: my answer
    make_answer(question=mine, author=other)  # answer
    followed = make_question(author=make_user(), title="A followed question")
    question_follow_toggle(user=me, question=followed)
    make_answer(question=followed, author=other)  # followed_answer
    concept_follow_toggle(user=me, tag=make_tag("ib-eigen", name_en="Eigenvalues"))
    make_question(author=other, title="New under my concept", tags=["ib-eigen"])

    log_in(client, me)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with django_assert_max_num_queries(5):
        html = client.get("/notifications/").content.decode()

    assert Notification.objects.filter(recipient=me).count() == 6
    assert "<strong>다른 사람</strong> answered your question <q>My own question</q>" in html
    assert "<strong>다른 사람</strong> accepted your answer to <q>Their question</q>" in html
    assert (
        "<strong>다른 사람</strong> answered <q>A followed question</q>, which you follow" in html
    )
    assert "New under my concept</q> by <strong>다른 사람</strong>" in html
    assert "New question under Eigenvalues:" in html
    assert "Your question <q>My own question</q> reached a score of 5" in html
    assert "Your answer to <q>Their question</q> reached a score of 5" in html


def test_the_inbox_shows_fifty_a_page(client, make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    _answers_to(question, 53, make_answer)
    log_in(client, asker)

    def rows(page) -> int:
        response = client.get("/notifications/", {"page": page})
        return sum(len(day_rows) for _day, day_rows in response.context["days"])

    assert rows(1) == 50
    assert rows(2) == 3
    assert rows("not-a-number") == 50  # the first page, never an error
    assert rows(99) == 3  # past the end: the last page


def test_an_empty_inbox_says_how_to_fill_it_and_offers_nothing_to_mark(client, make_user):
    log_in(client, make_user())
    html = client.get("/notifications/").content.decode()
    assert "개념 몇 개를 팔로우" in html and 'href="/tags/"' in html
    assert 'action="/notifications/read/"' not in html


def test_mark_all_read_is_offered_only_while_something_is_unread(
    client, make_user, make_question, make_answer
):
    asker = make_user()
    _answers_to(make_question(author=asker), 1, make_answer)
    log_in(client, asker)
    assert 'action="/notifications/read/"' in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    html = client.get("/notifications/").content.decode()
    assert 'action="/notifications/read/"' not in html
    # No "mark read" on any row.
    assert "is-unread" not in html and not re.search(r"/notifications/\d+/read/", html)


def test_mark_all_read_by_htmx_answers_with_an_empty_badge_and_spares_others(
    client, make_user, make_question, make_answer
):
    asker, other = make_user(), make_user()
    _answers_to(make_question(author=asker), 2, make_answer)
    _answers_to(make_question(author=other), 1, make_answer)
    log_in(client, asker)
    response = client.post("/notifications/read/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="inbox-link"' in html
    assert "unread-badge" not in html
    assert not Notification.objects.filter(recipient=asker, read_at=None).exists()
    assert Notification.objects.filter(recipient=other, read_at=None).count() == 1


def test_marking_one_read_twice_keeps_the_first_time(client, make_user, make_question, make_answer):
    asker = make_user()
    _answers_to(make_question(author=asker), 2, make_answer)
    first, second = Notification.objects.filter(recipient=asker).order_by("id")
    earlier = timezone.now() - dt.timedelta(days=2)
    Notification.objects.filter(pk=first.pk).update(read_at=earlier)
    log_in(client, asker)
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at == earlier
    assert second.read_at is None  # one means one


def test_marking_one_read_needs_a_member_and_a_post(client, make_user, make_question, make_answer):
    asker = make_user()
    _answers_to(make_question(author=asker), 1, make_answer)
    note = Notification.objects.get(recipient=asker)
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    log_in(client, asker)
    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405
    assert client.post("/notifications/999999/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_badge_counts_my_unread_only_and_only_when_shown(
    make_user, make_question, make_answer, django_assert_num_queries
):
    me, other = make_user(), make_user()
    _answers_to(make_question(author=me), 3, make_answer)
    _answers_to(make_question(author=other), 2, make_answer)
    Notification.objects.filter(pk=Notification.objects.filter(recipient=me).first().pk).update(
        read_at=timezone.now()
    )
    request = RequestFactory().get("/")
    request.user = me
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2


def test_a_visitor_has_no_badge_and_costs_no_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications": 0}
    del request.user  # a request the authentication middleware never saw (an early error)
    assert unread(request) == {"unread_notifications": 0}


def test_notifications_are_read_only_in_the_admin(staff_client, make_question, make_answer):
    _answers_to(make_question(), 1, make_answer)
    note = Notification.objects.get()
    assert staff_client.get("/admin/notifications/notification/").status_code == 200
    assert staff_client.get("/admin/notifications/notification/add/").status_code == 403
    response = staff_client.post(
        f"/admin/notifications/notification/{note.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Notification.objects.filter(pk=note.pk).exists()
