"""`{{ post.body|excerpt:300 }}`: the start of a post's source, formulas rendered."""

from django import template

from apps.markup.excerpts import excerpt as excerpt_of

register = template.Library()


@register.filter
def excerpt(source: str, width: int = 300):
    return excerpt_of(source, width=int(width))
