from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One question's search terms, on a narrow table of its own (ranking a wide one is slower).

    The full-text index is the database's own: on PostgreSQL the columns `vector` (every term,
    GIN-indexed, for matching) and `title_vector` (the title's terms, for ranking: small, so
    ranking thousands of matches stays cheap), on SQLite the FTS5 table `search_fts` (see the
    migrations). Both hold the same analyzed terms; `apps.search.services` keeps them in step.
    The row holds nothing else: phrases and snippets read the posts themselves.
    """

    question = models.OneToOneField(
        "questions.Question",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("question"),
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document {self.question_id}"
