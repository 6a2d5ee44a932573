"""Posts: what questions, answers (and every later kind) share.

Each post has a row in one table, `Post`, holding its id as a post and its kind. The kinds'
own tables (questions, answers) keep their ids, columns and URLs, and point at their post
with a one-to-one `post` column. Whatever is done *to a post* (votes, flags, notifications,
reputation events, the moderation log) points at `Post` with one foreign key: no pair of
nullable keys, no branch per kind. A new kind of post is a model that inherits `PostBase`
and one `post_kind_register` call (`apps.posts.kinds`).

Why one table rather than a generic (content type, id) target: real foreign keys (the
database refuses a vote on nothing, and deleting a post takes its votes, flags and
notifications with it), one indexed integer column to join and to constrain (one vote per
person per post is a plain unique constraint), and no content-type lookups.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from apps.posts.kinds import post_ids_of, post_kinds

REVISION_SUMMARY_MAX_LENGTH = 200  # an edit summary, whatever the kind


class Deletion(models.TextChoices):
    AUTHOR = "author", _("deleted by its author")
    MODERATOR = "moderator", _("deleted by a moderator")
    FLAGS = "flags", _("hidden pending review")


LIVE = models.Q(deleted_at__isnull=True)


class Post(models.Model):
    """A post's identity: what votes, flags, notifications and the ledger point at."""

    kind = models.CharField(_("kind"), max_length=20, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.kind} post {self.pk}"

    @property
    def row(self):
        """The kind's own row (a Question, an Answer): select_related it (`with_rows`)."""
        return getattr(self, self.kind)


class PostRowQuerySet(models.QuerySet):
    """Rows of a kind of post. Deleting them for good deletes their posts (and those of all
    that belongs to them), as `PostBase.delete` does for one row."""

    def delete(self):
        ids = [pk for row in self.only("pk", "post_id") for pk in post_ids_of(row)]
        with transaction.atomic():
            return Post.objects.filter(pk__in=ids).delete()

    delete.alters_data = True
    delete.queryset_only = True


def posts_orphaned_delete() -> int:
    """Delete the posts whose row is gone (rows deleted by a cascade, say a deleted account's
    questions), and with them what pointed at them. Returns how many went."""
    orphans = Post.objects.none()
    for kind in post_kinds():
        orphans |= Post.objects.filter(kind=kind.name, **{f"{kind.name}__isnull": True})
    removed, _by_model = Post.objects.filter(pk__in=orphans.values("pk")).delete()
    return _by_model.get(Post._meta.label, 0) if removed else 0


class LiveManager(models.Manager):
    """Rows not soft-deleted: what the site lists, counts, searches and links to."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleted(models.Model):
    """Soft deletion (apps.moderation): gone from every list, count, search and feed, and
    restorable."""

    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    deletion = models.CharField(
        _("deleted because"), max_length=12, choices=Deletion.choices, blank=True
    )

    class Meta:
        abstract = True


class PostBase(SoftDeleted):
    """A kind of post: soft deletion and its row in `Post`, made when the row is first saved.

    Deleting the row for good deletes its post (and its children's) instead, which takes the
    rows and everything pointing at them (votes, flags, notifications, ledger events)."""

    post = models.OneToOneField(
        Post,
        on_delete=models.CASCADE,
        related_name="%(class)s",
        editable=False,
        verbose_name=_("post"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.post_id is None:
            with transaction.atomic():
                self.post = Post.objects.create(kind=self._meta.model_name)
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            return Post.objects.filter(pk__in=post_ids_of(self)).delete()
