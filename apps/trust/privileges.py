"""What reputation lets people do: every threshold in one place (values are settings).

Staff and members of the "moderator" group have every privilege.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

MODERATOR_GROUP = "moderator"
# Kept on the user object once known (apps.accounts.backends loads it with the user).
MODERATOR_FLAG = "_is_moderator"


@dataclass(frozen=True)
class Privilege:
    key: str
    label: str
    setting: str

    @property
    def threshold(self) -> int:
        return getattr(settings, self.setting)


UPVOTE = Privilege("upvote", _("Vote up"), "PRIVILEGE_UPVOTE")
FLAG = Privilege("flag", _("Flag posts for moderators"), "PRIVILEGE_FLAG")
COMMENT = Privilege("comment", _("Comment on anyone's post"), "PRIVILEGE_COMMENT")
DOWNVOTE = Privilege("downvote", _("Vote down"), "PRIVILEGE_DOWNVOTE")
MARK_EXAMPLE = Privilege(
    "mark_example", _("Mark answers as good examples of a concept in use"), "PRIVILEGE_MARK_EXAMPLE"
)
CREATE_TAG = Privilege("create_tag", _("Create concept tags"), "TAG_CREATE_MIN_REPUTATION")
CLOSE = Privilege("close", _("Vote to close and reopen questions"), "PRIVILEGE_CLOSE")
EDIT_OTHERS = Privilege("edit_others", _("Edit other people's posts"), "PRIVILEGE_EDIT_OTHERS")
BOUNTY = Privilege("bounty", _("Offer a bounty on a question"), "PRIVILEGE_BOUNTY")
# Below it a member is new (apps.trust.newcomers): no images, few links, stricter rate limits.
IMAGES = Privilege(
    "images", _("Post images and more links, with the everyday rate limits"), "NEW_USER_REPUTATION"
)

ALL = (
    IMAGES,
    UPVOTE,
    FLAG,
    COMMENT,
    DOWNVOTE,
    MARK_EXAMPLE,
    BOUNTY,
    CREATE_TAG,
    CLOSE,
    EDIT_OTHERS,
)


def refusal(user, privilege: Privilege) -> str:
    """Why the button is disabled: what it needs and where the person stands."""
    reputation = user.reputation if user.is_authenticated else 0
    return _("%(what)s needs %(threshold)s reputation; you have %(reputation)s.") % {
        "what": privilege.label,
        "threshold": privilege.threshold,
        "reputation": reputation,
    }


def is_moderator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, MODERATOR_FLAG, None)
    if cached is None:
        cached = user.groups.filter(name=MODERATOR_GROUP).exists()
        setattr(user, MODERATOR_FLAG, cached)
    return cached


def has_privilege(user, privilege: Privilege) -> bool:
    return user.is_authenticated and (user.reputation >= privilege.threshold or is_moderator(user))


class Standing:
    """A person's privileges, for templates: `standing.flag`, `standing.missing.flag`…"""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, key: str) -> bool:
        privilege = next((p for p in ALL if p.key == key), None)
        if privilege is None:
            raise AttributeError(key)
        return has_privilege(self.user, privilege)

    @cached_property
    def rows(self) -> list[dict]:
        reputation = self.user.reputation if self.user.is_authenticated else 0
        return [
            {
                "privilege": p,
                "threshold": p.threshold,
                "granted": has_privilege(self.user, p),
                "missing": max(0, p.threshold - reputation),
            }
            for p in ALL
        ]
