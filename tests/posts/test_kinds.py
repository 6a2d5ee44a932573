"""Posts and the registry of post kinds: every question and answer has its post, the shared
machinery finds rows and threads through the registry, and deleting for good takes along all
that points at the post and at what belongs to it."""

from apps.moderation.models import Flag
from apps.moderation.services import flag_create
from apps.notifications.models import Notification
from apps.posts.kinds import post_ids_of, post_kind, post_kinds, rows_related, thread_of, thread_row
from apps.posts.models import Post
from apps.reputation.models import ReputationEvent
from apps.votes.models import Vote
from apps.votes.services import vote_cast


def test_each_question_and_answer_gets_its_own_post(make_question, make_answer):
    question = make_question()
    answer = make_answer(question=question)
    assert question.post.kind == "question" and answer.post.kind == "answer"
    assert question.post_id != answer.post_id
    assert Post.objects.get(pk=answer.post_id).row == answer
    saved_again = answer.post_id
    answer.save()  # saving again makes no second post
    assert answer.post_id == saved_again and Post.objects.count() == 2


def test_the_registry_knows_threads_and_what_belongs_to_what(make_question, make_answer):
    question = make_question()
    first, second = make_answer(question=question), make_answer(question=question)
    assert {kind.name for kind in post_kinds()} >= {"question", "answer"}
    assert post_kind(question).heads_thread and not post_kind(first).heads_thread
    assert thread_of(question) == thread_of(first) == question.pk
    assert thread_row(first) == question
    assert sorted(post_ids_of(question)) == sorted(
        [question.post_id, first.post_id, second.post_id]
    )
    assert post_ids_of(first) == [first.post_id]


def test_rows_and_what_shows_them_come_in_one_query(
    make_question, make_answer, django_assert_num_queries
):
    question = make_question(title="한 번에 읽는 질문")
    make_answer(question=question)
    with django_assert_num_queries(1):
        posts = list(Post.objects.select_related(*rows_related()))
        titles = {thread_row(post.row).title for post in posts}
        authors = {post.row.author.username for post in posts}
    assert titles == {"한 번에 읽는 질문"} and len(authors) == 2


def test_deleting_a_question_for_good_takes_all_that_points_at_its_posts(
    make_user, make_question, make_answer, settings
):
    settings.PRIVILEGE_FLAG = 1
    question = make_question()
    answer = make_answer(question=question)
    other = make_question()
    voter = make_user()
    vote_cast(user=voter, post=answer, value=1)
    vote_cast(user=voter, post=other, value=1)
    flag_create(user=make_user(reputation=100), post=answer, reason="spam")
    assert Notification.objects.filter(post=answer.post).exists()

    question.delete()

    assert not Post.objects.filter(pk__in=[question.post_id, answer.post_id]).exists()
    assert list(Vote.objects.values_list("post_id", flat=True)) == [other.post_id]
    assert not Flag.objects.exists()
    assert not Notification.objects.filter(post_id=answer.post_id).exists()
    assert list(ReputationEvent.objects.values_list("vote__post_id", flat=True)) == [other.post_id]


def test_deleting_rows_with_a_queryset_takes_their_posts_too(make_user, make_question, make_answer):
    from apps.questions.models import Question

    question = make_question()
    answer = make_answer(question=question)
    vote_cast(user=make_user(), post=answer, value=1)

    Question.all_objects.filter(pk=question.pk).delete()  # the admin's "delete selected"

    assert not Post.objects.exists()
    assert not Vote.objects.exists() and not ReputationEvent.objects.exists()


def test_recount_removes_posts_left_without_their_row(
    make_user, make_question, make_answer, settings
):
    from django.core.management import call_command

    from apps.accounts.models import User

    voter, answerer = make_user(), make_user()
    answer = make_answer(question=make_question(author=voter), author=answerer)
    vote_cast(user=voter, post=answer, value=1)
    answerer_post = answer.post_id
    # An account's deletion cascades to its rows without asking their model: the post stays.
    answerer.delete()
    assert Post.objects.filter(pk=answerer_post).exists()
    assert Vote.objects.filter(post=answerer_post).exists()

    call_command("recount", stdout=None)

    assert not Post.objects.filter(pk=answerer_post).exists()
    assert not Vote.objects.filter(post=answerer_post).exists()
    assert not ReputationEvent.objects.exists()  # the answerer's +10 went with the account
    assert User.objects.get(pk=voter.pk).reputation == settings.REPUTATION_BASE


def test_what_belongs_to_a_question_is_found_in_three_queries_however_many_posts(
    make_question, make_answer, make_comment, django_assert_num_queries
):
    question = make_question()
    answers = [make_answer(question=question) for _ in range(6)]
    comments = [make_comment(target=post) for post in (question, *answers, answers[0])]
    # Its answers, the comments under it, the comments under its answers.
    with django_assert_num_queries(3):
        ids = post_ids_of(question)
    expected = [question.post_id, *(row.post_id for row in (*answers, *comments))]
    assert sorted(ids) == sorted(expected)
    with django_assert_num_queries(1):  # an answer: the comments under it
        assert sorted(post_ids_of(answers[0])) == sorted(
            [answers[0].post_id, comments[1].post_id, comments[-1].post_id]
        )
