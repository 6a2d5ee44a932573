"""A stored revision's body as readers saw it, for the rendered difference in edit histories."""

from django.utils.safestring import SafeString, mark_safe

from apps.caching.fragments import cached
from apps.markup.rendering import render_markdown


def revision_html(revision) -> SafeString:
    """Render a revision's Markdown once and keep it: a revision never changes (its number and
    row are its identity), so no write has to retire it."""
    html = cached(
        "revision-html",
        (),
        lambda: render_markdown(revision.body),
        revision._meta.label_lower,
        revision.pk,
    )
    return mark_safe(html)  # the pipeline's output is sanitized
