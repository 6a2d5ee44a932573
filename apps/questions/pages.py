"""The question page, as a response any view can give: the page itself, and the answer view
showing it again with the answer form's errors (so no view calls another app's view).

What it costs a member (docs/performance.md):

- the thread (the question with its answers, concepts and D2L links) is loaded once per
  process and generation of the page (`kept_in_process`), the same objects for every reader;
- per request, the reader's own part is worked out apart: their votes on the thread's posts
  and comments, whether they follow it and have unread notifications about it (one query),
  what they may do with each post and its comments (`apps.trust.readers`);
- each post's HTML is kept per generation and reader side by the template
  (templates/questions/detail.html), so members alike share it.
"""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from apps.answers.forms import AnswerForm
from apps.answers.services import answer_can_edit
from apps.bounties.models import AMOUNT_STEPS, bounties_of_thread
from apps.caching.events import question_page
from apps.caching.fragments import cached, keeping, kept_in_process
from apps.caching.generations import generations_stamp
from apps.comments.models import CommentsShown, comments_of_thread
from apps.comments.services import comment_can_edit
from apps.core.login_required import kept_form_data
from apps.examples.models import ThreadMarks, examples_unmarkable
from apps.following.models import QuestionFollow
from apps.moderation.services import post_can_delete
from apps.notifications.models import Notification
from apps.notifications.services import UNREAD_COUNT
from apps.questions.models import CloseReason, Question
from apps.questions.services import question_can_edit
from apps.reading.sections import section_get
from apps.search.query import similar_questions
from apps.trust.privileges import BOUNTY, has_privilege, is_moderator
from apps.trust.readers import Reader
from apps.votes.models import Vote

# How a question's answers can be ordered: `?answers=<key>`, remembered in a cookie.
ANSWER_SORTS = {
    "votes": _("Votes"),
    "newest": _("Newest"),
    "oldest": _("Oldest"),
    "active": _("Active"),
}
ANSWER_SORT_DEFAULT = "votes"
ANSWER_SORT_PARAM = "answers"
ANSWER_SORT_COOKIE = "answer_sort"
ANSWER_SORT_COOKIE_SECONDS = 365 * 24 * 3600


def answer_sort_chosen(request: HttpRequest) -> tuple[str, bool]:
    """The order the reader wants the answers in, and whether they chose it just now (in the
    address, to be remembered); else the one they chose before, else by votes."""
    asked = request.GET.get(ANSWER_SORT_PARAM)
    if asked in ANSWER_SORTS:
        return asked, request.COOKIES.get(ANSWER_SORT_COOKIE) != asked
    remembered = request.COOKIES.get(ANSWER_SORT_COOKIE)
    return (remembered if remembered in ANSWER_SORTS else ANSWER_SORT_DEFAULT), False


def answer_sort_remember(response: HttpResponse, sort: str) -> None:
    response.set_cookie(
        ANSWER_SORT_COOKIE, sort, max_age=ANSWER_SORT_COOKIE_SECONDS, samesite="Lax"
    )


def _sorted_answers(answers: list, sort: str, comments: dict) -> list:
    """`answers` (kept by votes: accepted first, then score, then oldest) in the `sort` order."""
    if sort == "newest":
        return sorted(answers, key=lambda answer: (answer.created_at, answer.pk), reverse=True)
    if sort == "oldest":
        return sorted(answers, key=lambda answer: (answer.created_at, answer.pk))
    if sort == "active":

        def last_activity(answer):
            times = [answer.created_at, answer.updated_at or answer.created_at]
            times += [comment.created_at for comment in comments.get(answer.post_id, [])]
            return (max(times), answer.pk)

        return sorted(answers, key=last_activity, reverse=True)
    return answers


class QuestionPage:
    """A question as `user` may see it: the thread shared by every reader, and the answers
    this reader sees (deleted ones stay visible to moderators and to their authors) with the
    comments under each post (deleted ones for moderators only)."""

    def __init__(self, user, pk: int, *, sort: str = ANSWER_SORT_DEFAULT):
        # Read before the rows: rows read under a generation a write has since moved on are
        # kept under the old one, which no one asks for again.
        self.stamp = generations_stamp(question_page(pk))
        self.question = kept_in_process("thread", self.stamp, lambda: _thread(pk), pk)
        if self.question is None:
            raise Http404
        question = self.question
        moderator = is_moderator(user)
        if question.deleted_at is not None and not (moderator or user.pk == question.author_id):
            raise Http404
        self.sort = sort
        self.answers = _sorted_answers(
            [
                answer
                for answer in question.prefetched_answers
                if answer.deleted_at is None or moderator or answer.author_id == user.pk
            ],
            sort,
            question.thread_comments,
        )
        # The comments this reader sees under each post, by the post's id.
        self.comments = {
            row.post_id: CommentsShown(
                question.thread_comments.get(row.post_id, []), moderator=moderator
            )
            for row in (question, *self.answers)
        }
        post_ids = [question.post_id, *(answer.post_id for answer in self.answers)]
        post_ids += [comment.post_id for shown in self.comments.values() for comment in shown.first]
        self.votes, self.following, self.unread_here, views = _reader_on_thread(
            user, question, post_ids
        )
        # Counted afresh: the kept thread's count is as old as the thread, and a reader must
        # not see it go back after their own view was counted.
        self.view_count = question.view_count if views is None else views

    @property
    def pk(self) -> int:
        return self.question.pk


def _thread(pk: int) -> Question | None:
    question = Question.all_objects.for_page().filter(pk=pk).first()
    if question is not None:
        question.thread_comments = comments_of_thread(pk)  # by the id of the post they are under
        # The open bounty and what each answer won: loaded (one query) and kept with the thread.
        question.thread_bounties = bounties = bounties_of_thread(pk)
        # The D2L section it was asked while reading (no query: apps.reading), and the paper it
        # implements (joined with the question: apps.papers).
        question.read_section = section_get(question.d2l_section)
        question.thread_paper = getattr(question, "paper", None)
        for answer in question.prefetched_answers:
            answer.bounty_won = bounties.won.get(answer.pk, 0)
        # Which answers are marked as examples of which concept in use: the same for everyone,
        # loaded (one query) when the page first asks, and kept with the thread.
        question.thread_marks = ThreadMarks(question)
    return question


VOTE, FOLLOWING, UNREAD, VIEWS = 1, 2, 3, 4


def _reader_on_thread(
    user, question: Question, post_ids: list[int]
) -> tuple[dict, bool, int, int | None]:
    """The reader's votes on the thread's posts (by post id), whether they follow it, how
    many of their notifications about it are unread, and the question's view count now. One
    query where the ORM would take four (each costing more to build than to run); for a
    visitor, the view count alone."""
    quote = connection.ops.quote_name
    views = f"SELECT {VIEWS}, 0, view_count FROM {quote(Question._meta.db_table)} WHERE id = %s"
    if not user.is_authenticated:
        sql, params = views, [question.pk]
    else:
        votes = quote(Vote._meta.db_table)
        follows = quote(QuestionFollow._meta.db_table)
        posts = ", ".join(["%s"] * len(post_ids))
        sql = (
            f"SELECT {VOTE}, post_id, value FROM {votes} "
            f"WHERE user_id = %s AND post_id IN ({posts}) "
            f"UNION ALL SELECT {FOLLOWING}, 0, 0 FROM {follows} "
            f"WHERE user_id = %s AND question_id = %s UNION ALL {views}"
        )
        params = [user.pk, *post_ids, user.pk, question.pk, question.pk]
    if user.is_authenticated and getattr(user, UNREAD_COUNT, None) != 0:
        # (None unread at all is known with the member.)
        notifications = quote(Notification._meta.db_table)
        sql += (
            f" UNION ALL SELECT {UNREAD}, 0, COUNT(*) FROM {notifications} "
            f"WHERE recipient_id = %s AND question_id = %s AND read_at IS NULL"
        )
        params += [user.pk, question.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    votes_by_post = {post: value for kind, post, value in rows if kind == VOTE}
    following = any(kind == FOLLOWING for kind, _post, _value in rows)
    unread = sum(value for kind, _post, value in rows if kind == UNREAD)
    counted = next((value for kind, _post, value in rows if kind == VIEWS), None)
    return votes_by_post, following, unread, counted


def question_page_response(
    request: HttpRequest, page: QuestionPage, *, answer_form=None, status: int = 200
) -> HttpResponse:
    """The page of `page` (a `QuestionPage`), with `answer_form` (bound, with its errors) in
    place of an empty one when given."""
    user = request.user
    question = page.question
    live = question.deleted_at is None
    reader = Reader(user)
    votes = page.votes
    asker = reader.pk is not None and reader.pk == question.author_id

    def editable(comment) -> bool:
        return comment_can_edit(user=user, comment=comment)

    question_comments = page.comments[question.post_id]
    bounties = question.thread_bounties
    question.thread_marks.load()  # once per kept thread: the page shows them, the API does not
    posts = [
        (
            question,
            reader.of_post(
                question,
                vote=votes.get(question.post_id),
                can_edit=live and question_can_edit(user=user, question=question),
                can_delete=live
                and post_can_delete(user=user, post=question, answers=question.prefetched_answers),
                comments=question_comments.first,
                votes=votes,
                editable=editable,
                may_offer_bounty=reader.pk is not None
                and has_privilege(user, BOUNTY)
                and bounties.may_offer(question),
            ),
            question_comments,
        )
    ]
    for answer in page.answers:
        shown = live and answer.deleted_at is None
        comments = page.comments[answer.post_id]
        posts.append(
            (
                answer,
                reader.of_post(
                    answer,
                    vote=votes.get(answer.post_id),
                    asker=asker,
                    can_edit=shown and answer_can_edit(user=user, answer=answer),
                    can_delete=shown and post_can_delete(user=user, post=answer),
                    comments=comments.first,
                    votes=votes,
                    editable=editable,
                    may_award_bounty=live
                    and bounties.may_award(
                        user_id=reader.pk, asker_id=question.author_id, answer=answer
                    ),
                    examples_unmarkable=examples_unmarkable(
                        answer=answer,
                        reader_id=reader.pk,
                        asker=asker,
                        moderator=reader.base.moderator,
                    ),
                ),
                comments,
            )
        )
    context = {
        "following": page.following,
        "question": question,
        "question_reader": posts[0][1],
        "question_comments": question_comments,
        "view_count": page.view_count,
        "answers": posts[1:],
        "answer_sort": page.sort,
        "answer_sorts": ANSWER_SORTS,
        # Someone who answered already is offered to edit that answer before writing another.
        "my_answer": next(
            (
                answer
                for answer in page.answers
                if reader.pk is not None
                and answer.author_id == reader.pk
                and answer.deleted_at is None
            ),
            None,
        ),
        # The text of an answer sent after the login expired comes back once, after logging in.
        "answer_form": answer_form or AnswerForm(initial=kept_form_data(request)),
        "can_answer": live and question.closed_at is None,
        "close_reasons": CloseReason.choices,
        "bounty_steps": AMOUNT_STEPS,
        # Looked up only when the sidebar is rendered, not when it is kept.
        "related": SimpleLazyObject(lambda: _related(question)) if live else [],
        # Posts' HTML is kept under the page's generations; not at all when they are unknown.
        **keeping(page.stamp),
    }
    return render(request, "questions/detail.html", context, status=status)


def _related(question: Question) -> list[Question]:
    """The closest questions by title: a search over the whole board, so kept for the cache's
    ten minutes (a box of suggestions may lag a new question by that much)."""
    return cached(
        "related",
        (),
        lambda: similar_questions(question.title, exclude_id=question.pk),
        question.pk,
        question.title,
    )
