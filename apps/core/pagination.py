"""Pages of questions whose total is counted once, and whose rows are found by id.

Counting every matching row for the pagination links is the slowest part of a deep list page
on a large board. The total only changes when questions or answers are added or removed, or a
question is retagged (not with votes or edits), so it is cached under the `counts` scope
(apps.caching.events), which only those actions move.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from apps.caching.events import COUNTS
from apps.caching.fragments import cached


class CountedOncePaginator(Paginator):
    def __init__(self, object_list, *parts):
        super().__init__(object_list, settings.QUESTIONS_PER_PAGE)
        self.parts = parts  # what identifies the list: its name, tab, concept slugs…

    @cached_property
    def count(self) -> int:
        return cached("count", (COUNTS,), self.object_list.count, *self.parts)

    def page(self, number):
        """The page's ids first (an index-only scan), then its rows.

        An offset walks the index from its start, so pages past the middle are read from the
        end instead, in the opposite order: the last page of a million questions costs what
        the first does, and no page walks more than half the list. Every list's order ends in
        its id, so the two directions agree."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        pks = self.object_list.values_list("pk", flat=True)
        if bottom > self.count - top:
            ids = list(pks.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(pks[bottom:top])
        rows = self.object_list.filter(pk__in=ids).in_bulk(ids) if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
