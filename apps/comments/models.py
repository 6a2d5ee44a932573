"""Comments: short remarks under a question or an answer ("what does θ mean here?").

A comment is a kind of post (apps.posts): votes, flags, notifications and the moderation log
point at its `Post` like at any other. It is written in the inline subset of Markdown (math
and code, no images or headings), rendered once when saved; it has no revisions (an edit
within a few minutes of posting replaces it) and carries no reputation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.posts.models import LiveManager, PostBase, PostRowQuerySet

BODY_MIN_LENGTH = 15
BODY_MAX_LENGTH = 600
# Shown under a post at first; "show N more" brings the rest.
SHOWN_AT_FIRST = 5


class Comment(PostBase):
    # The question's or the answer's post it is under; `question` is the page it is shown on.
    target = models.ForeignKey(
        "posts.Post",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("comment on"),
    )
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    # Upvotes (comments take no downvotes): stored, changed by the vote service, recounted.
    score = models.IntegerField(_("score"), default=0)
    created_at = models.DateTimeField(_("commented"), default=timezone.now)
    updated_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = LiveManager.from_queryset(PostRowQuerySet)()
    all_objects = PostRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["question", "created_at", "id"]),
            models.Index(fields=["target", "created_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on post {self.target_id}"

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#comment-{self.pk}"

    @property
    def title(self) -> str:
        """What lists of posts (the moderation queue, profiles) name it by: its thread's."""
        return self.question.title


def comments_of_thread(question_id: int) -> dict[int, list[Comment]]:
    """Every comment on a question's page (deleted ones too, for moderators), oldest first,
    by the post they are under: one query, whatever their number."""
    by_post: dict[int, list[Comment]] = {}
    rows = (
        Comment.all_objects.filter(question_id=question_id)
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in rows:
        by_post.setdefault(comment.target_id, []).append(comment)
    return by_post


class CommentsShown:
    """The comments a reader sees under one post: the first few, and how many more."""

    def __init__(self, comments: list[Comment], *, moderator: bool, everything: bool = False):
        seen = [c for c in comments if c.deleted_at is None or moderator]
        self.all = seen
        self.first = seen if everything else seen[:SHOWN_AT_FIRST]
        self.more = len(seen) - len(self.first)
