"""Moderation rules through the real services: deletion and restore with exact counters and
reputation, flags that hide and their review, closing and reopening, and the audit trail."""

import pytest
from django.contrib.auth.models import Group

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.answers.services import answer_accept
from apps.core.errors import ActionRefused, InvalidAction
from apps.moderation.models import CloseVote, Flag, FlagStatus, ModerationLog
from apps.moderation.services import (
    flag_create,
    flags_review,
    post_delete,
    post_restore,
    question_close_vote,
    question_reopen_vote,
)
from apps.notifications.models import Notification
from apps.questions.models import Question
from apps.questions.services import answer_counts_recount
from apps.reputation.services import reputation_recount
from apps.search.query import search_questions
from apps.tags.models import ConceptTag
from apps.tags.services import tag_counts_recount
from apps.votes.services import scores_recount, vote_cast
from tests.conftest import reload


@pytest.fixture
def moderator(make_user):
    user = make_user("모더레이터")
    user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    return user


def assert_counters_exact():
    assert scores_recount() == 0
    assert answer_counts_recount() == 0
    assert tag_counts_recount() == 0
    # People given reputation directly (to hold a privilege) have no ledger to match.
    boosted = User.objects.filter(reputation_events__isnull=True).exclude(reputation=1).count()
    assert reputation_recount() == boosted


@pytest.fixture
def thread(make_user, make_tag, make_question, make_answer, anyone_downvotes):
    """A question with two answers, votes on all three, one accepted."""
    make_tag("mod-tag")
    asker, helper, other = make_user(), make_user(), make_user()
    voters = [make_user() for _ in range(3)]
    question = make_question(author=asker, title="삭제 복원 질문입니다", tags=["mod-tag"])
    good = Answer.objects.get(pk=_answer(make_answer, question, helper).pk)
    plain = _answer(make_answer, question, other)
    for voter in voters:
        vote_cast(user=voter, post=question, value=1)
        vote_cast(user=voter, post=good, value=1)
    vote_cast(user=voters[0], post=plain, value=-1)
    answer_accept(user=asker, answer=good)
    reload(asker, helper, other, *voters)
    return {
        "question": question,
        "good": good,
        "plain": plain,
        "asker": asker,
        "helper": helper,
        "other": other,
        "voters": voters,
    }


def _answer(make_answer, question, author):
    return make_answer(question=question, author=author, body="삭제 복원 답변입니다")


def reputations(*users):
    for user in users:
        user.refresh_from_db()
    return [user.reputation for user in users]


def test_deleting_a_question_takes_everything_away_and_restore_puts_it_back(thread, moderator):
    question, people = thread["question"], [thread["asker"], thread["helper"], thread["other"]]
    before = reputations(*people)
    tag = ConceptTag.objects.get(slug="mod-tag")
    assert tag.question_count == 1 and question.pk in search_questions("삭제 복원").ids

    post_delete(user=moderator, post=question, note="시험")
    assert not Question.objects.filter(pk=question.pk).exists()
    assert Question.all_objects.get(pk=question.pk).deleted_by == moderator
    assert reputations(*people) == [1, 1, 1]  # the answers' votes and accept count no more
    tag.refresh_from_db()
    assert tag.question_count == 0
    assert question.pk not in search_questions("삭제 복원").ids
    assert not Notification.objects.filter(question=question).exists()
    assert not Answer.objects.filter(question_id=question.pk).exists()
    assert_counters_exact()

    post_restore(user=moderator, post=question)
    assert Question.objects.filter(pk=question.pk).exists()
    assert reputations(*people) == before
    tag.refresh_from_db()
    assert tag.question_count == 1
    assert question.pk in search_questions("삭제 복원").ids
    assert_counters_exact()
    assert list(
        ModerationLog.objects.filter(question=question).values_list("action", flat=True)
    ) == ["restore", "delete"]


def test_deleting_the_accepted_answer_withdraws_the_accept_and_restore_renews_it(thread, moderator):
    question, good, helper = thread["question"], thread["good"], thread["helper"]
    before = reputations(helper, thread["asker"])
    post_delete(user=moderator, post=good)
    question.refresh_from_db()
    assert question.accepted_answer_id is None and question.answer_count == 1
    assert reputations(helper)[0] == 1
    assert good.pk not in [a.pk for a in question.answers.all()]
    assert_counters_exact()
    post_restore(user=moderator, post=good)
    question.refresh_from_db()
    assert question.accepted_answer_id == good.pk and question.answer_count == 2
    assert reputations(helper, thread["asker"]) == before
    assert_counters_exact()


def test_an_answer_of_a_deleted_question_is_restored_after_it(thread, moderator):
    post_delete(user=moderator, post=thread["plain"])
    post_delete(user=moderator, post=thread["question"])
    with pytest.raises(ActionRefused):
        post_restore(user=moderator, post=thread["plain"])
    post_restore(user=moderator, post=thread["question"])
    post_restore(user=moderator, post=thread["plain"])
    assert Answer.objects.filter(question=thread["question"]).count() == 2
    assert_counters_exact()


def test_authors_delete_only_what_no_one_relies_on(thread, make_user, make_question, make_answer):
    with pytest.raises(ActionRefused, match="운영자만"):
        post_delete(user=thread["asker"], post=thread["question"])  # upvoted, accepted answers
    with pytest.raises(ActionRefused):
        post_delete(user=thread["helper"], post=thread["good"])  # accepted
    with pytest.raises(ActionRefused):
        post_delete(user=thread["helper"], post=thread["plain"])  # someone else's
    post_delete(user=thread["other"], post=thread["plain"])
    lonely = make_question()
    post_delete(user=lonely.author, post=lonely)
    assert not Question.objects.filter(pk=lonely.pk).exists()
    assert Question.all_objects.get(pk=lonely.pk).deletion == "author"
    with pytest.raises(InvalidAction):
        post_delete(user=lonely.author, post=lonely)  # already deleted
    assert_counters_exact()


def test_only_moderators_restore(thread):
    post_delete(user=thread["other"], post=thread["plain"])
    with pytest.raises(ActionRefused):
        post_restore(user=thread["other"], post=thread["plain"])


def test_a_deleted_post_takes_no_votes_answers_or_accepts(thread, moderator, make_user):
    from apps.answers.services import answer_create

    post_delete(user=moderator, post=thread["question"])
    with pytest.raises(InvalidAction):
        vote_cast(user=make_user(), post=thread["question"], value=1)
    with pytest.raises(InvalidAction):
        vote_cast(user=make_user(), post=thread["plain"], value=1)
    with pytest.raises(InvalidAction):
        answer_create(author=make_user(), question=thread["question"], body="늦은 답변")
    with pytest.raises(InvalidAction):
        answer_accept(user=thread["asker"], answer=thread["plain"])
    assert_counters_exact()


# --- Flags ---------------------------------------------------------------------------------------


@pytest.fixture
def flaggers(make_user):
    return [make_user(reputation=15) for _ in range(3)]


def test_flagging_needs_15_reputation(make_user, make_answer):
    answer = make_answer()
    with pytest.raises(ActionRefused, match="15"):
        flag_create(user=make_user(reputation=14), post=answer, reason="spam")
    flag_create(user=make_user(reputation=15), post=answer, reason="spam")


def test_three_spam_flags_hide_the_post_and_cost_its_author(
    flaggers, make_user, make_question, make_answer
):
    spammer = make_user()
    question = make_question(title="정상적인 질문입니다")
    spam = make_answer(question=question, author=spammer, body="싸게 팝니다")
    flag_create(user=flaggers[0], post=spam, reason="spam")
    flag_create(user=flaggers[1], post=spam, reason="rude")
    assert Answer.objects.filter(pk=spam.pk).exists()
    flag_create(user=flaggers[2], post=spam, reason="spam")
    assert not Answer.objects.filter(pk=spam.pk).exists()
    assert Answer.all_objects.get(pk=spam.pk).deletion == "flags"
    spammer.refresh_from_db()
    assert spammer.reputation == 1 - 100
    assert ModerationLog.objects.get(action="hide").actor is None
    assert_counters_exact()


def test_other_flags_do_not_hide(flaggers, make_question):
    question = make_question()
    flag_create(user=flaggers[0], post=question, reason="other", note="제목이 모호해요")
    flag_create(user=flaggers[1], post=question, reason="other", note="중복 같아요")
    flag_create(user=flaggers[2], post=question, reason="spam")
    assert Question.objects.filter(pk=question.pk).exists()


def test_rejecting_the_flags_brings_the_post_and_reputation_back(
    flaggers, moderator, make_user, make_answer
):
    author = make_user()
    answer = make_answer(author=author)
    for flagger in flaggers:
        flag_create(user=flagger, post=answer, reason="spam")
    flags_review(moderator=moderator, post=answer, decision="reject", note="정상 답변")
    assert Answer.objects.filter(pk=answer.pk).exists()
    author.refresh_from_db()
    assert author.reputation == 1
    assert set(Flag.objects.values_list("status", flat=True)) == {FlagStatus.REJECTED}
    assert_counters_exact()
    with pytest.raises(InvalidAction):
        flags_review(moderator=moderator, post=answer, decision="reject")  # nothing pending


def test_approving_keeps_it_hidden_and_delete_deletes(flaggers, moderator, make_answer):
    hidden, visible = make_answer(), make_answer()
    for flagger in flaggers:
        flag_create(user=flagger, post=hidden, reason="spam")
    flag_create(user=flaggers[0], post=visible, reason="rude")
    flags_review(moderator=moderator, post=hidden, decision="approve")
    assert not Answer.objects.filter(pk=hidden.pk).exists()
    flags_review(moderator=moderator, post=visible, decision="delete")
    assert Answer.all_objects.get(pk=visible.pk).deletion == "moderator"
    actions = set(ModerationLog.objects.values_list("action", flat=True))
    assert {"hide", "approve", "delete"} <= actions
    assert_counters_exact()


@pytest.mark.parametrize(
    "reason, extra",
    [
        ("nonsense", {}),
        ("other", {"note": "  "}),
        ("duplicate", {}),
    ],
)
def test_bad_flags_are_refused_and_change_nothing(flaggers, make_question, reason, extra):
    question = make_question()
    with pytest.raises(InvalidAction):
        flag_create(user=flaggers[0], post=question, reason=reason, **extra)
    assert not Flag.objects.exists()


def test_flag_refusals(flaggers, moderator, make_question, make_answer):
    question = make_question()
    flag_create(user=flaggers[0], post=question, reason="spam")
    with pytest.raises(ActionRefused):
        flag_create(user=flaggers[0], post=question, reason="rude")  # twice
    with pytest.raises(ActionRefused):
        flag_create(user=question.author, post=question, reason="spam")  # own post
    with pytest.raises(InvalidAction):
        flag_create(user=flaggers[1], post=question, reason="duplicate", duplicate_of=question)
    answer = make_answer()
    with pytest.raises(InvalidAction):
        flag_create(user=flaggers[1], post=answer, reason="duplicate", duplicate_of=question)
    post_delete(user=moderator, post=answer)
    with pytest.raises(InvalidAction):
        flag_create(user=flaggers[1], post=answer, reason="spam")  # deleted
    with pytest.raises(ActionRefused):
        flags_review(moderator=flaggers[1], post=question, decision="approve")
    assert Flag.objects.count() == 1


# --- Close and reopen ----------------------------------------------------------------------------


def test_three_votes_close_as_a_duplicate_and_three_reopen(make_user, make_question, make_answer):
    original, copy = make_question(title="원래 질문입니다"), make_question(title="중복 질문입니다")
    voters = [make_user(reputation=500) for _ in range(3)]
    assert not question_close_vote(
        user=voters[0], question=copy, reason="duplicate", duplicate_of=original
    )
    assert not question_close_vote(user=voters[1], question=copy, reason="off_topic")
    assert question_close_vote(
        user=voters[2], question=copy, reason="duplicate", duplicate_of=original
    )
    copy.refresh_from_db()
    assert (copy.closed_reason, copy.duplicate_of) == ("duplicate", original)
    assert not CloseVote.objects.exists()
    from apps.answers.services import answer_create

    with pytest.raises(ActionRefused):
        answer_create(author=make_user(), question=copy, body="닫힌 질문에 답")
    with pytest.raises(InvalidAction):
        question_close_vote(user=voters[0], question=copy, reason="unclear")  # already closed
    for voter in voters[:2]:
        assert not question_reopen_vote(user=voter, question=copy)
    assert question_reopen_vote(user=voters[2], question=copy)
    copy.refresh_from_db()
    assert copy.closed_at is None and copy.duplicate_of is None
    make_answer(question=copy)


def test_a_moderator_closes_and_reopens_alone(moderator, make_question):
    question = make_question()
    assert question_close_vote(user=moderator, question=question, reason="unclear")
    assert question_reopen_vote(user=moderator, question=question)
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["reopen", "close"]


def test_close_refusals(moderator, make_user, make_question):
    question = make_question()
    with pytest.raises(ActionRefused, match="500"):
        question_close_vote(user=make_user(reputation=499), question=question, reason="unclear")
    voter = make_user(reputation=500)
    question_close_vote(user=voter, question=question, reason="unclear")
    with pytest.raises(ActionRefused):
        question_close_vote(user=voter, question=question, reason="unclear")  # twice
    with pytest.raises(InvalidAction):
        question_close_vote(
            user=moderator, question=question, reason="duplicate", duplicate_of=question
        )
    gone = make_question()
    post_delete(user=moderator, post=gone)
    gone = Question.all_objects.get(pk=gone.pk)
    with pytest.raises(InvalidAction):
        question_close_vote(
            user=moderator, question=question, reason="duplicate", duplicate_of=gone
        )
    with pytest.raises(InvalidAction):
        question_reopen_vote(user=moderator, question=question)  # open
    with pytest.raises(InvalidAction):
        question_close_vote(user=moderator, question=question, reason="nonsense")
    question.refresh_from_db()
    assert question.closed_at is None


def test_a_deleted_question_leaves_every_list_and_feed_until_restored(
    client, moderator, make_tag, make_question
):
    make_tag("mod-gone")
    question = make_question(title="사라지는 질문입니다", tags=["mod-gone"])
    places = [
        "/",
        "/tags/mod-gone/",
        "/tags/mod-gone/feed/",
        "/feeds/questions/",
        "/sitemap.xml",
        "/search/?q=사라지는",
        question.author.get_absolute_url(),
    ]

    def shown() -> dict[str, bool]:
        marks = ("사라지는 질문입니다", f"/questions/{question.pk}/")  # the sitemap has URLs only
        return {
            url: any(mark in client.get(url).content.decode() for mark in marks) for url in places
        }

    assert all(shown().values()), shown()
    post_delete(user=moderator, post=question)
    assert not any(shown().values()), shown()
    assert client.get(question.get_absolute_url()).status_code == 404
    post_restore(user=moderator, post=question)
    assert all(shown().values()), shown()
