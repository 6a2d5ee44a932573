from django import template
from django.urls import reverse

from apps.reading.sections import section_get

register = template.Library()


@register.simple_tag
def read_url(number: str) -> str:
    """The address of section `number`'s reading page, or "" when it has none (a chapter)."""
    section = section_get(number)
    return reverse("reading:section", args=[section.number]) if section else ""
