"""Who hears about what, undo paths, the inbox, marking read, and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.answers.services import answer_accept
from apps.following.services import concept_follow_toggle, question_follow_toggle
from apps.notifications.models import Kind, Notification
from apps.votes.services import vote_cast
from tests.conftest import log_in


def kinds_for(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- Who is told ---------------------------------------------------------------------------------


def test_an_answer_tells_the_asker_and_the_followers_but_not_the_answerer(
    make_user, make_question, make_answer
):
    asker, answerer, follower, bystander = make_user(), make_user(), make_user(), make_user()
    question = make_question(author=asker)
    question_follow_toggle(user=follower, question=question)
    answer = make_answer(question=question, author=answerer)
    assert kinds_for(asker) == [Kind.ANSWER]
    assert kinds_for(follower) == [Kind.FOLLOWED_ANSWER]
    assert kinds_for(answerer) == []
    assert kinds_for(bystander) == []
    note = Notification.objects.get(recipient=asker)
    assert (note.actor, note.question, note.post.row) == (answerer, question, answer)
    assert note.get_absolute_url() == f"{question.get_absolute_url()}#answer-{answer.pk}"


def test_answering_your_own_question_tells_nobody_but_followers(
    make_user, make_question, make_answer
):
    asker, follower = make_user(), make_user()
    question = make_question(author=asker)
    question_follow_toggle(user=follower, question=question)
    make_answer(question=question, author=asker)
    assert kinds_for(asker) == []
    assert kinds_for(follower) == [Kind.FOLLOWED_ANSWER]


def test_answerers_hear_of_later_answers(make_user, make_question, make_answer):
    first, second = make_user(), make_user()
    question = make_question()
    make_answer(question=question, author=first)
    make_answer(question=question, author=second)
    assert kinds_for(first) == [Kind.FOLLOWED_ANSWER]


def test_an_unfollowed_question_stays_quiet(make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    question_follow_toggle(user=asker, question=question)  # asked: followed; now unfollowed
    make_answer(question=question)
    # The asker is still told about answers to their own question (that is not a follow).
    assert kinds_for(asker) == [Kind.ANSWER]


def test_accepting_tells_the_answerer_and_withdrawing_takes_it_back(
    make_user, make_question, make_answer
):
    asker = make_user()
    question = make_question(author=asker)
    first, second = make_answer(question=question), make_answer(question=question)
    answer_accept(user=asker, answer=first)
    assert kinds_for(first.author) == [Kind.ACCEPTED, Kind.FOLLOWED_ANSWER]
    answer_accept(user=asker, answer=second)  # a change of mind moves the notification
    assert kinds_for(first.author) == [Kind.FOLLOWED_ANSWER]
    assert Kind.ACCEPTED in kinds_for(second.author)
    answer_accept(user=asker, answer=second)  # withdrawn
    assert not Notification.objects.filter(kind=Kind.ACCEPTED).exists()


def test_accepting_your_own_answer_tells_nobody(make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    answer_accept(user=asker, answer=make_answer(question=question, author=asker))
    assert not Notification.objects.filter(kind=Kind.ACCEPTED).exists()


def test_a_new_question_tells_each_concept_follower_once(make_user, make_tag, make_question):
    asker, fan, other = make_user(), make_user(), make_user()
    make_tag("nt-a"), make_tag("nt-b"), make_tag("nt-c")
    for slug in ("nt-a", "nt-b"):
        concept_follow_toggle(user=fan, tag=_tag(slug))
    concept_follow_toggle(user=asker, tag=_tag("nt-a"))
    concept_follow_toggle(user=other, tag=_tag("nt-c"))
    question = make_question(author=asker, tags=["nt-a", "nt-b"])
    notes = Notification.objects.filter(kind=Kind.CONCEPT_QUESTION)
    assert [(n.recipient, n.question) for n in notes] == [(fan, question)]
    assert notes[0].tag.slug in {"nt-a", "nt-b"}


def _tag(slug):
    from apps.tags.models import ConceptTag

    return ConceptTag.objects.get(slug=slug)


@pytest.mark.usefixtures("anyone_downvotes")
def test_score_milestones_are_told_once_and_taken_back_when_undone(
    make_user, make_question, make_answer
):
    answer = make_answer()
    voters = [make_user() for _ in range(5)]
    for voter in voters[:4]:
        vote_cast(user=voter, post=answer, value=1)
    assert not Notification.objects.filter(kind=Kind.MILESTONE).exists()
    vote_cast(user=voters[4], post=answer, value=1)  # score 5
    milestone = Notification.objects.get(kind=Kind.MILESTONE)
    assert (milestone.recipient, milestone.post.row, milestone.milestone) == (
        answer.author,
        answer,
        5,
    )
    vote_cast(user=voters[4], post=answer, value=0)  # back to 4: nothing stale is left
    assert not Notification.objects.filter(kind=Kind.MILESTONE).exists()
    vote_cast(user=voters[4], post=answer, value=1)
    vote_cast(user=voters[3], post=answer, value=-1)  # switch: 4
    vote_cast(user=voters[3], post=answer, value=1)  # 5 again
    assert Notification.objects.filter(kind=Kind.MILESTONE).count() == 1


def test_a_question_reaching_25_is_told(make_user, make_question):
    question = make_question()
    for _ in range(25):
        vote_cast(user=make_user(), post=question, value=1)
    reached = Notification.objects.filter(kind=Kind.MILESTONE, recipient=question.author)
    assert sorted(reached.values_list("milestone", flat=True)) == [5, 25]
    assert all(n.post_id == question.post_id and n.question_id == question.pk for n in reached)


def test_deleting_an_answer_leaves_no_notification(make_user, make_question, make_answer):
    asker = make_user()
    answer = make_answer(question=make_question(author=asker))
    assert Notification.objects.filter(post=answer.post).exists()
    answer.delete()
    assert not Notification.objects.filter(post_id=answer.post_id).exists()


def test_answering_costs_the_same_however_many_follow(make_user, make_question, make_answer):
    counts = []
    # Fewer than the 25 followers that earn the asker a badge: a badge held costs one query
    # less to check, which is not what this measures.
    for followers in (1, 20):
        question = make_question()
        for _ in range(followers):
            question_follow_toggle(user=make_user(), question=question)
        answerer = make_user()
        with CaptureQueriesContext(connection) as captured:
            make_answer(question=question, author=answerer)
        counts.append(len(captured))
        assert Notification.objects.filter(question=question).count() == followers + 1
    assert counts[0] == counts[1]


def test_asking_costs_the_same_however_many_follow_the_concept(make_user, make_tag, make_question):
    tag = make_tag("nt-count")
    make_question(tags=["nt-count"])  # warm: the search analyzer's concept names are cached
    counts = []
    for followers in (1, 50):
        for _ in range(followers if not counts else followers - 1):
            concept_follow_toggle(user=make_user(), tag=tag)
        asker = make_user()
        with CaptureQueriesContext(connection) as captured:
            make_question(author=asker, tags=["nt-count"])
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert Notification.objects.filter(kind=Kind.CONCEPT_QUESTION).count() == 1 + 50


# --- The inbox -----------------------------------------------------------------------------------


def test_the_inbox_needs_a_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_inbox_groups_by_day_and_links_to_the_answer(
    client, make_user, make_question, make_answer
):
    asker = make_user()
    question = make_question(author=asker, title="인박스 질문입니다")
    old = make_answer(question=question)
    Notification.objects.filter(post=old.post).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    new = make_answer(question=question)
    log_in(client, asker)
    response = client.get("/notifications/")
    days = response.context["days"]
    assert [len(rows) for _day, rows in days] == [1, 1]
    assert days[0][1][0].post.row == new
    html = response.content.decode()
    assert f'href="{question.get_absolute_url()}#answer-{new.pk}"' in html
    assert "인박스 질문입니다" in html and "오늘" in html


def test_the_inbox_escapes_titles_and_names(client, make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker, title="<script>alert(1)</script> 질문")
    make_answer(question=question, author=make_user(display_name="<b>굵게</b>"))
    log_in(client, asker)
    html = client.get("/notifications/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>굵게</b>" not in html


@pytest.mark.parametrize("count", [3, 20])
def test_the_inbox_costs_a_fixed_number_of_queries(
    client, make_user, make_question, make_answer, django_assert_max_num_queries, count
):
    asker = make_user()
    question = make_question(author=asker)
    for _ in range(count):
        make_answer(question=question)
    log_in(client, asker)
    # session + user, the page's count and rows, the header's unread count
    with django_assert_max_num_queries(5):
        response = client.get("/notifications/")
    assert sum(len(rows) for _day, rows in response.context["days"]) == count


def test_the_header_shows_the_unread_count(client, make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    make_answer(question=question)
    make_answer(question=question)
    log_in(client, asker)
    html = client.get("/tags/").content.decode()
    assert '<span class="unread-badge" aria-hidden="true">2</span>' in html


def test_mark_all_read(client, make_user, make_question, make_answer):
    asker = make_user()
    question = make_question(author=asker)
    make_answer(question=question)
    make_answer(question=question)
    log_in(client, asker)
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=asker, read_at__isnull=True).exists()
    assert "unread-badge" not in client.get("/notifications/").content.decode()


def test_mark_one_read_and_not_someone_elses(client, make_user, make_question, make_answer):
    asker, other = make_user(), make_user()
    question = make_question(author=asker)
    make_answer(question=question)
    note = Notification.objects.get(recipient=asker)
    log_in(client, other)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    log_in(client, asker)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_read_is_post_with_csrf(make_user, make_question, make_answer):
    asker = make_user()
    make_answer(question=make_question(author=asker))
    strict = Client(enforce_csrf_checks=True)
    log_in(strict, asker)
    assert strict.get("/notifications/read/").status_code == 405
    assert strict.post("/notifications/read/").status_code == 403
    assert Notification.objects.filter(recipient=asker, read_at__isnull=True).count() == 1


def test_opening_the_question_reads_its_notifications_and_the_header_shows_what_is_left(
    client, make_user, make_question, make_answer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asker = make_user()
    question, other = make_question(author=asker), make_question(author=asker)
    make_answer(question=question)
    make_answer(question=other)
    log_in(client, asker)
    html = client.get(question.get_absolute_url()).content.decode()
    unread = Notification.objects.filter(recipient=asker, read_at__isnull=True)
    assert list(unread.values_list("question", flat=True)) == [other.pk]
    assert '<span class="unread-badge" aria-hidden="true">1</span>' in html  # the other's
    with CaptureQueriesContext(connection) as again:  # nothing unread here: nothing written
        client.get(question.get_absolute_url())
    assert not [q for q in again.captured_queries if q["sql"].startswith("UPDATE")]
