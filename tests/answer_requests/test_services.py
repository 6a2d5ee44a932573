"""The rules of asking someone to answer, and who is suggested: straight through the services."""

import pytest
from django.conf import settings

from apps.accounts.models import User
from apps.answer_requests.models import AnswerRequest
from apps.answer_requests.services import (
    answer_request_check,
    answer_request_create,
    answer_request_decline,
    people_suggested,
    requests_of_question,
)
from apps.core.errors import ActionRefused, InvalidAction
from apps.moderation.services import post_delete
from apps.notifications.models import Kind, Notification
from apps.questions.models import Question
from apps.tags.models import ConceptTag


def _ask(question, username):
    person = answer_request_check(asker=question.author, question=question, username=username)
    return answer_request_create(asker=question.author, question=question, person=person)


def _names(people) -> list[str]:
    return [person.username for person in people]


def test_suggestions_weigh_accepted_and_upvoted_answers_and_recent_ones_more(
    community, django_assert_num_queries
):
    tags = list(ConceptTag.objects.filter(slug__in=community.tags).values_list("pk", flat=True))
    with django_assert_num_queries(1):
        people = people_suggested(tags=tags, exclude_ids=[community.asker.pk])
    # accepted 12; upvoted 8 and oldtimer 8, upvoted answered more recently; zero and
    # elsewhere not at all.
    assert _names(people) == ["accepted", "upvoted", "oldtimer"]
    first = people[0]
    assert (first.weight, first.accepted, first.upvoted) == (12, 2, 0)
    assert (people[2].accepted, people[2].upvoted) == (1, 1)


def test_suggestions_leave_out_the_asker_inactive_members_and_those_who_said_no(community):
    tags = ConceptTag.objects.filter(slug__in=community.tags)
    User.objects.filter(username="upvoted").update(is_active=False)
    User.objects.filter(username="oldtimer").update(accepts_answer_requests=False)
    accepted = community.experts["accepted"]
    assert _names(people_suggested(tags=tags, exclude_ids=[accepted.pk])) == []
    assert _names(people_suggested(tags=tags)) == ["accepted"]


def test_suggestions_for_a_question_leave_out_who_answered_it(
    community, make_question, make_answer
):
    question = make_question(author=community.asker, tags=community.tags)
    make_answer(question=question, author=community.experts["accepted"])
    tags = ConceptTag.objects.filter(questions=question.pk)
    assert _names(people_suggested(tags=tags, question=question)) == ["upvoted", "oldtimer"]


def test_suggestions_are_at_most_five(make_user, make_tag, make_question, make_answer):
    tag = make_tag("softmax")
    for n in range(7):
        answer = make_answer(
            question=make_question(tags=[tag.slug]), author=make_user(f"helper{n}")
        )
        type(answer).objects.filter(pk=answer.pk).update(score=n + 1)
    assert _names(people_suggested(tags=[tag.pk])) == [f"helper{n}" for n in (6, 5, 4, 3, 2)]


def test_asking_someone_notifies_them_once(community, make_question):
    question = make_question(author=community.asker, tags=community.tags)
    request = _ask(question, "accepted")
    assert (request.asker, request.person.username) == (community.asker, "accepted")
    note = Notification.objects.get(kind=Kind.ANSWER_REQUEST)
    assert note.recipient.username == "accepted"
    assert (note.actor, note.question, note.post_id) == (
        community.asker,
        question,
        question.post_id,
    )


BAD = {
    "unknown": ("아무도아님", InvalidAction, "아무도아님"),
    "empty": ("   ", InvalidAction, ""),
    "yourself": ("asker", ActionRefused, ""),
    "twice": ("accepted", ActionRefused, "accepted"),
    "turned off": ("oldtimer", ActionRefused, "oldtimer"),
    "answered already": ("zero", ActionRefused, "zero"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_requests_are_refused_with_a_message_and_change_nothing(
    community, make_question, make_answer, case
):
    username, error, named = BAD[case]
    question = make_question(author=community.asker, tags=community.tags)
    _ask(question, "accepted")
    User.objects.filter(username="oldtimer").update(accepts_answer_requests=False)
    make_answer(question=question, author=community.experts["zero"])
    before = (AnswerRequest.objects.count(), Notification.objects.count())
    with pytest.raises(error) as refused:
        _ask(question, username)
    assert refused.value.message
    assert named in refused.value.message
    assert (AnswerRequest.objects.count(), Notification.objects.count()) == before


def test_a_fourth_person_is_refused(community, make_question, make_user):
    question = make_question(author=community.asker, tags=community.tags)
    for name in ("accepted", "upvoted", "elsewhere"):
        _ask(question, name)
    with pytest.raises(ActionRefused, match="3"):
        _ask(question, make_user("fourth").username)
    assert AnswerRequest.objects.filter(question=question).count() == 3


def test_the_same_person_checked_twice_then_created_twice_is_refused_the_second_time(
    community, make_question
):
    """Two tabs: both checks pass before either request is made; the second still fails."""
    question = make_question(author=community.asker, tags=community.tags)
    person = answer_request_check(asker=community.asker, question=question, username="upvoted")
    answer_request_check(asker=community.asker, question=question, username="upvoted")
    answer_request_create(asker=community.asker, question=question, person=person)
    with pytest.raises(ActionRefused):
        answer_request_create(asker=community.asker, question=question, person=person)
    assert AnswerRequest.objects.count() == 1
    assert Notification.objects.filter(kind=Kind.ANSWER_REQUEST).count() == 1


def test_only_the_asker_of_a_live_open_question_may_ask_and_not_as_a_new_member(
    community, make_question, make_user
):
    question = make_question(author=community.asker, tags=community.tags)
    stranger = make_user(reputation=500)
    with pytest.raises(ActionRefused, match="질문한 사람"):
        answer_request_check(asker=stranger, question=question, username="accepted")
    newcomer = make_user(reputation=settings.NEW_USER_REPUTATION - 1)
    theirs = make_question(author=newcomer, tags=community.tags)
    with pytest.raises(ActionRefused, match=str(settings.NEW_USER_REPUTATION)):
        _ask(theirs, "accepted")
    Question.objects.filter(pk=question.pk).update(closed_at=question.created_at)
    question.refresh_from_db()
    with pytest.raises(ActionRefused, match=r"닫힌|닫혀"):
        _ask(question, "accepted")
    assert AnswerRequest.objects.count() == 0


def test_a_question_deleted_between_the_check_and_the_request_is_refused(community, make_question):
    question = make_question(author=community.asker, tags=community.tags)
    person = answer_request_check(asker=community.asker, question=question, username="accepted")
    post_delete(user=community.asker, post=question)
    with pytest.raises(ActionRefused, match="삭제"):
        answer_request_create(asker=community.asker, question=question, person=person)
    assert AnswerRequest.objects.count() == 0


def test_declining_shows_to_the_asker_reads_the_notification_and_is_done_once(
    community, make_question
):
    question = make_question(author=community.asker, tags=community.tags)
    _ask(question, "accepted")
    accepted = community.experts["accepted"]
    request, declined_now = answer_request_decline(user=accepted, question_id=question.pk)
    assert declined_now and request.declined_at is not None
    note = Notification.objects.get(kind=Kind.ANSWER_REQUEST)
    assert note.read_at is not None
    notes_before = Notification.objects.count()
    again, declined_now = answer_request_decline(user=accepted, question_id=question.pk)
    assert not declined_now and again.declined_at == request.declined_at
    # Nobody hears of a decline: no new notification, the asker's box shows it.
    assert Notification.objects.count() == notes_before
    assert not Notification.objects.filter(recipient=community.asker, kind=Kind.ANSWER_REQUEST)
    [shown] = requests_of_question(question.pk)
    assert shown.declined_at is not None and not shown.answered


def test_declining_what_nobody_asked_is_refused(community, make_question):
    question = make_question(author=community.asker, tags=community.tags)
    with pytest.raises(InvalidAction):
        answer_request_decline(user=community.experts["upvoted"], question_id=question.pk)


def test_answering_marks_the_request_answered(community, make_question, make_answer):
    question = make_question(author=community.asker, tags=community.tags)
    _ask(question, "upvoted")
    make_answer(question=question, author=community.experts["upvoted"])
    [shown] = requests_of_question(question.pk)
    assert shown.answered
