"""Template tags shared by every app's templates."""

import datetime as dt

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def timeago(value: dt.datetime | None) -> SafeString | str:
    """A `<time>` element saying how long ago `value` was, with the exact time as its title.

    Meant for `{% timeago post.created_at as when %}` followed by
    `{% blocktranslate %}asked {{ when }}{% endblocktranslate %}`: each language then places
    the time where its word order wants it ("asked 3 minutes ago", "3분 전 질문"). The result
    is already safe HTML, so blocktranslate inserts it unescaped.
    """
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(timespec="seconds"),
        local.strftime("%Y-%m-%d %H:%M"),
        naturaltime(value),
    )
