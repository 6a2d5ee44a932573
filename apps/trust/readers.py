"""Who is reading a post, reduced to what its buttons show: worked out once per request.

A post's HTML depends on the post and on these few facts about the reader, and on nothing else
of them: the post templates read `reader` (a `PostReader`), never the user. So the same
`PostReader` means the same HTML, and a post rendered once can be kept for every reader who
has it (apps.questions.pages keeps posts under their thread's generation and this value).
"""

from dataclasses import dataclass, replace

from apps.trust.privileges import (
    CLOSE,
    COMMENT,
    DOWNVOTE,
    FLAG,
    MARK_EXAMPLE,
    UPVOTE,
    has_privilege,
    is_moderator,
    refusal,
)


@dataclass(frozen=True)
class PostReader:
    """One reader's side of one post. Its repr is a cache key part: only plain values."""

    signed_in: bool = False
    moderator: bool = False
    # Why a button is disabled for them ("" when it is open): the text shows as its tooltip.
    cannot_upvote: str = ""
    cannot_downvote: str = ""
    cannot_flag: str = ""
    cannot_close: str = ""
    cannot_comment: str = ""
    cannot_mark_example: str = ""
    # Of this post:
    own: bool = False  # they wrote it
    vote: int = 0  # their vote on it: 1, -1 or 0
    asker: bool = False  # they asked the question (an answer's accept button)
    can_edit: bool = False
    can_delete: bool = False
    may_comment: bool = False  # the privilege, or their own post, or an answer to them
    may_offer_bounty: bool = False  # a question: they may set a bounty on it now
    may_award_bounty: bool = False  # an answer: they may award the question's bounty to it
    # An answer: they may mark it as an example of a concept in use (the privilege, not theirs),
    # and the concepts (ids) of its marks they may take back (apps.examples).
    may_mark_example: bool = False
    examples_unmarkable: tuple[int, ...] = ()
    # Of the comments under it (ids): theirs (they may delete them), theirs still editable,
    # and those they upvoted. Empty for most readers, who then share the post's HTML.
    comments_own: tuple[int, ...] = ()
    comments_editable: tuple[int, ...] = ()
    comments_voted: tuple[int, ...] = ()


class Reader:
    """The person reading, as posts see them: their privileges, worked out once per request."""

    def __init__(self, user):
        self.pk = user.pk if user.is_authenticated else None
        if not user.is_authenticated:
            self.base = PostReader()
            return
        self.base = PostReader(
            signed_in=True,
            moderator=is_moderator(user),
            **{
                f"cannot_{privilege.key}": (
                    "" if has_privilege(user, privilege) else str(refusal(user, privilege))
                )
                for privilege in (UPVOTE, DOWNVOTE, FLAG, CLOSE, COMMENT, MARK_EXAMPLE)
            },
        )

    def of_post(
        self,
        post,
        *,
        vote: int = 0,
        asker: bool = False,
        can_edit=False,
        can_delete=False,
        comments=(),
        votes=None,
        editable=lambda comment: False,
        may_offer_bounty: bool = False,
        may_award_bounty: bool = False,
        examples_unmarkable: tuple[int, ...] = (),
    ) -> PostReader:
        """Their side of `post`: with their vote on it, whether they asked its question,
        whether they may edit and delete it, and their side of the `comments` under it
        (`votes`: their votes by post id; `editable`: whether they may still edit one)."""
        own = self.pk is not None and post.author_id == self.pk
        mine = tuple(c.pk for c in comments if c.author_id == self.pk) if self.pk else ()
        return replace(
            self.base,
            own=own,
            vote=vote or 0,
            asker=asker,
            can_edit=can_edit,
            can_delete=can_delete,
            may_comment=self.pk is not None and (not self.base.cannot_comment or own or asker),
            may_offer_bounty=may_offer_bounty,
            may_award_bounty=may_award_bounty,
            may_mark_example=self.pk is not None and not own and not self.base.cannot_mark_example,
            examples_unmarkable=examples_unmarkable,
            comments_own=mine,
            comments_editable=tuple(c.pk for c in comments if c.pk in mine and editable(c)),
            comments_voted=tuple(c.pk for c in comments if votes and votes.get(c.post_id)),
        )
