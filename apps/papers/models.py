from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.papers.metrics import LABEL_MAX_LENGTH, METRIC_MAX_LENGTH, Metric, gap_format, metric_gap

URL_MAX_LENGTH = 500


def _metric_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=6, null=True)


class PaperImplementationQuerySet(models.QuerySet):
    def for_list(self):
        """Paper questions still on the site, newest first, with their question and asker:
        one query a page."""
        return (
            self.filter(question__deleted_at__isnull=True)
            .select_related("question", "question__author")
            .order_by("-question__created_at", "-question_id")
        )


class PaperImplementation(models.Model):
    """A question that implements a paper: where the paper and the code are, the paper's
    reported result and the one reproduced so far (each a number and what it measures)."""

    # Named by string: papers sit below questions (docs/architecture.md), which set them.
    question = models.OneToOneField(
        "questions.Question",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="paper",
        verbose_name=_("question"),
    )
    paper_url = models.URLField(_("paper"), max_length=URL_MAX_LENGTH)
    code_url = models.URLField(_("code"), max_length=URL_MAX_LENGTH, blank=True)
    reported = models.CharField(_("reported result"), max_length=METRIC_MAX_LENGTH, blank=True)
    reported_value = _metric_field(_("reported value"))
    reported_label = models.CharField(
        _("reported unit or metric"), max_length=LABEL_MAX_LENGTH, blank=True
    )
    reproduced = models.CharField(_("reproduced result"), max_length=METRIC_MAX_LENGTH, blank=True)
    reproduced_value = _metric_field(_("reproduced value"))
    reproduced_label = models.CharField(
        _("reproduced unit or metric"), max_length=LABEL_MAX_LENGTH, blank=True
    )

    objects = PaperImplementationQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper implementation")
        verbose_name_plural = _("paper implementations")

    def __str__(self) -> str:
        return self.paper_url

    @staticmethod
    def _metric(text: str, value: Decimal | None, label: str) -> Metric | None:
        return Metric(text, value, label) if text and value is not None else None

    @property
    def reported_metric(self) -> Metric | None:
        return self._metric(self.reported, self.reported_value, self.reported_label)

    @property
    def reproduced_metric(self) -> Metric | None:
        return self._metric(self.reproduced, self.reproduced_value, self.reproduced_label)

    @property
    def gap(self) -> Decimal | None:
        return metric_gap(self.reported_metric, self.reproduced_metric)

    @property
    def gap_text(self) -> str:
        """The gap with its sign and label, or "" when it cannot be computed."""
        gap = self.gap
        return "" if gap is None else gap_format(gap, self.reported_label)

    @property
    def labels_differ(self) -> bool:
        """Both results are given but measure different things: shown side by side."""
        reported, reproduced = self.reported_metric, self.reproduced_metric
        return bool(reported and reproduced and reported.key != reproduced.key)
