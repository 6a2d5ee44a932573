"""Atom feeds: the newest questions, overall and per concept."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from apps.questions.models import Question
from apps.tags.models import ConceptTag

FEED_SIZE = 30


class LatestQuestionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Gachi: newest questions")
    subtitle = _("New questions about the mathematics behind AI.")

    def link(self):
        return reverse("questions:list")

    def items(self):
        return self.newest(Question.objects.all())

    @staticmethod
    def newest(questions):
        return questions.select_related("author").order_by("-created_at")[:FEED_SIZE]

    def item_title(self, item: Question) -> str:
        return item.title

    def item_description(self, item: Question) -> str:
        return item.body_html  # sanitized when the post was saved

    def item_author_name(self, item: Question) -> str:
        return item.author.public_name

    def item_pubdate(self, item: Question):
        return item.created_at

    def item_updateddate(self, item: Question):
        return item.updated_at or item.created_at


class TagFeed(LatestQuestionsFeed):
    def get_object(self, request, slug: str) -> ConceptTag:
        return get_object_or_404(ConceptTag, slug=slug)

    def title(self, obj: ConceptTag) -> str:
        return _("Gachi: questions about %(name)s") % {"name": obj.name}

    def subtitle(self, obj: ConceptTag) -> str:
        return obj.description

    def link(self, obj: ConceptTag) -> str:
        return obj.get_absolute_url()

    def items(self, obj: ConceptTag):
        return self.newest(Question.objects.filter(tags=obj))
