from django.contrib.sitemaps import Sitemap

from apps.tags.models import ConceptTag


class ConceptTagSitemap(Sitemap):
    """Every concept's page: its description and D2L links are worth finding even unasked."""

    changefreq = "weekly"

    def items(self):
        return ConceptTag.objects.only("id", "slug").order_by("slug")
