from django.contrib.sitemaps import Sitemap

from apps.questions.models import Question


class QuestionSitemap(Sitemap):
    """Every question page, last changed when something last happened on it."""

    changefreq = "daily"

    def items(self):
        # Ordered for stable pages (the sitemap is paginated past 50,000 URLs).
        return Question.objects.only("id", "title", "last_activity_at").order_by("id")

    def lastmod(self, item):
        return item.last_activity_at
