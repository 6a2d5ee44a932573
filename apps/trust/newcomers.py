"""What sets new members apart: stricter rate limits, and few links and no images in posts.

Spam comes from fresh accounts; a little reputation (earned from the community) lifts both.
Staff are never new.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.errors import ActionRefused
from apps.trust.privileges import IMAGES, has_privilege

# Counted on the sanitized HTML of `apps.markup.rendering.render_markdown`, whose tags and
# attributes are regular: every link the Markdown made, every image, and nothing typed as text
# (raw HTML is escaped, so `<a href` in a post's text never reaches the HTML as a tag).
_LINK = re.compile(r"<a\s[^>]*\bhref=")
_IMAGE = re.compile(r"<img\b")


def is_new_user(user) -> bool:
    """Anonymous people and members under NEW_USER_REPUTATION, except staff and moderators
    (the privileges page lists it as the IMAGES privilege)."""
    return not has_privilege(user, IMAGES)


def post_content_problems(*, user, html: str) -> list[str]:
    """Why `user` may not post this rendered body (empty when they may)."""
    if not is_new_user(user):
        return []
    problems = []
    max_links = settings.NEW_USER_MAX_LINKS
    if len(_LINK.findall(html)) > max_links:
        problems.append(
            ngettext(
                "Members with less than %(reputation)d reputation may put at most %(limit)d "
                "link in a post.",
                "Members with less than %(reputation)d reputation may put at most %(limit)d "
                "links in a post.",
                max_links,
            )
            % {"reputation": settings.NEW_USER_REPUTATION, "limit": max_links}
        )
    if _IMAGE.search(html):
        problems.append(
            _("Members with less than %(reputation)d reputation cannot put images in a post yet.")
            % {"reputation": settings.NEW_USER_REPUTATION}
        )
    return problems


def post_content_check(*, user, html: str) -> None:
    """Refuse a post body (rendered) with more links or images than `user` may post."""
    problems = post_content_problems(user=user, html=html)
    if problems:
        raise ActionRefused(" ".join(problems))
