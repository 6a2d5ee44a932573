"""Pages of questions whose total is counted once, and whose rows are found by id.

Counting every matching row for the pagination links is the slowest part of a deep list page
on a large board. The total only changes when questions or answers are added or removed, or a
question is retagged (not with votes or edits), so it is cached under the COUNTS generation,
which only those actions move.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from apps.core.cache import COUNTS, cached


class CountedOncePaginator(Paginator):
    def __init__(self, object_list, *parts):
        super().__init__(object_list, settings.QUESTIONS_PER_PAGE)
        self.parts = parts  # what identifies the list: its name, tab, concept slugs…

    @cached_property
    def count(self) -> int:
        return cached("count", (COUNTS,), self.object_list.count, *self.parts)

    def page(self, number):
        """The page's ids first (an index-only scan, however deep the page), then its rows."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = self.object_list.filter(pk__in=ids).in_bulk(ids) if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
