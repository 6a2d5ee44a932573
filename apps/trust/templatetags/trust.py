"""Template tags for privileges: whether an action is open to the person, and if not, why."""

from django import template

from apps.trust.privileges import ALL, has_privilege, refusal

register = template.Library()
PRIVILEGES = {privilege.key: privilege for privilege in ALL}


@register.simple_tag
def privilege_refusal(user, key: str) -> str:
    """Why `user` cannot do `key` ("downvote", "flag", "close"…), or "" when they can.

    Meant for `{% privilege_refusal user "downvote" as why %}`: the action shows disabled, with
    `why` as its tooltip and its screen-reader text, whenever `why` is not empty.
    """
    privilege = PRIVILEGES[key]
    return "" if has_privilege(user, privilege) else refusal(user, privilege)
