from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.reading.sections import Section, chapters


class SectionSitemap(Sitemap):
    """Every D2L section's reading page: both editions' links and the concepts it teaches are
    worth finding even before anyone asks there (no query: the sections are in memory)."""

    changefreq = "weekly"

    def items(self) -> list[Section]:
        return [section for chapter in chapters() for section in chapter.sections]

    def location(self, item: Section) -> str:
        return reverse("reading:section", args=[item.number])
