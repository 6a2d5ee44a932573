"""The ledger's write path (`reputation_apply`), its repair (`reputation_recount`), its rule
that every event has a cause, and reading events back with their posts in one query."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.answers.services import answer_accept
from apps.reputation.models import Reason, ReputationEvent
from apps.reputation.services import reputation_apply, reputation_recount
from apps.votes.services import vote_cast
from tests.conftest import reload

pytestmark = pytest.mark.django_db

BASE = settings.REPUTATION_BASE


def _accept_events(answer, asker) -> list[ReputationEvent]:
    return [
        ReputationEvent(user=answer.author, reason=Reason.ANSWER_ACCEPTED, post=answer.post),
        ReputationEvent(user=asker, reason=Reason.ACCEPTED_ANSWER, post=answer.post),
    ]


def test_amounts_come_from_the_scale_not_from_the_caller(make_user, make_answer):
    answer, asker = make_answer(), make_user()
    events = _accept_events(answer, asker)
    events[0].amount = 1000
    with transaction.atomic():
        reputation_apply(award=events)
    assert sorted(ReputationEvent.objects.values_list("amount", flat=True)) == [2, 15]
    reload(answer.author, asker)
    assert (answer.author.reputation, asker.reputation) == (BASE + 15, BASE + 2)


def test_revoking_and_awarding_in_one_call_moves_each_total_by_the_difference(
    make_user, make_answer
):
    answer, asker = make_answer(), make_user()
    with transaction.atomic():
        reputation_apply(award=_accept_events(answer, asker))
    penalty = ReputationEvent(user=answer.author, reason=Reason.POST_HIDDEN, post=answer.post)
    with transaction.atomic():
        reputation_apply(
            revoke=Q(post=answer.post, reason__in=["answer_accepted"]), award=[penalty]
        )
    reload(answer.author, asker)
    assert answer.author.reputation == BASE - 100  # +15 taken back, −100 given
    assert asker.reputation == BASE + 2  # their event matched nothing revoked
    assert ReputationEvent.objects.filter(user=answer.author).count() == 1


def test_totals_are_written_in_id_order_and_only_where_they_move(make_user, make_answer):
    people = [make_user() for _ in range(4)]
    answer = make_answer()
    same = ReputationEvent.objects.create(
        user=people[0], amount=10, reason=Reason.ANSWER_UPVOTED, post=answer.post
    )
    award = [  # given newest person first: the writes still go lowest id first
        ReputationEvent(user=person, reason=Reason.ANSWER_UPVOTED, post=answer.post)
        for person in reversed(people)
    ]
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        reputation_apply(revoke=Q(pk=same.pk), award=award)
    user_table = User._meta.db_table
    updated = [
        int(re.search(r"\.\"id\" = (\d+)", query["sql"])[1])
        for query in captured.captured_queries
        if query["sql"].startswith(f'UPDATE "{user_table}"')
    ]
    # people[0] lost 10 and gained 10: no write, so no lock taken on their row.
    assert updated == sorted(person.pk for person in people[1:])


def test_revoking_what_is_not_there_changes_nothing(make_user):
    person = make_user()
    with CaptureQueriesContext(connection) as captured:
        reputation_apply(revoke=Q(user=person))
    assert len(captured) == 1  # the read that found nothing
    reload(person)
    assert person.reputation == BASE


def test_the_recount_repairs_wrong_totals_and_reports_them(make_user, make_question):
    asker, stranger, healthy = make_user(), make_user(), make_user()
    vote_cast(user=make_user(), post=make_question(author=asker), value=1)
    User.objects.filter(pk=asker.pk).update(reputation=999)
    User.objects.filter(pk=stranger.pk).update(reputation=-5)
    assert reputation_recount() == 2
    reload(asker, stranger, healthy)
    assert (asker.reputation, stranger.reputation, healthy.reputation) == (
        BASE + 10,
        BASE,
        BASE,
    )
    assert reputation_recount() == 0


def test_the_recount_command_repairs_reputations_too(make_user):
    person = make_user()
    User.objects.filter(pk=person.pk).update(reputation=50)
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert "1 reputations" in out.getvalue()
    reload(person)
    assert person.reputation == BASE


def test_an_event_without_a_cause_is_refused_by_the_database(make_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReputationEvent.objects.create(user=make_user(), amount=10, reason=Reason.QUESTION_UPVOTED)


@pytest.mark.usefixtures("anyone_downvotes")
def test_events_read_back_with_their_posts_in_one_query(
    make_user, make_question, make_answer, django_assert_num_queries
):
    person = make_user()
    for _ in range(3):
        question = make_question(author=person, title="질문 제목입니다")
        vote_cast(user=make_user(), post=question, value=1)
        answer = make_answer(author=person, question=make_question(title="다른 사람의 질문"))
        vote_cast(user=make_user(), post=answer, value=-1)
        answer_accept(user=answer.question.author, answer=answer)
    with django_assert_num_queries(1):
        shown = [
            (event.signed_amount, event.post_title, event.post_row.get_absolute_url())
            for event in ReputationEvent.objects.filter(user=person).for_profile()
        ]
    assert len(shown) == 9
    assert {title for _amount, title, _url in shown} == {"질문 제목입니다", "다른 사람의 질문"}
    assert all("#answer-" in url for amount, _title, url in shown if amount in ("+15", "\u22122"))
