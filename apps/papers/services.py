"""Setting what a question says about the paper it implements: the one write path."""

from dataclasses import dataclass

from django.db import transaction

from apps.papers.metrics import Metric
from apps.papers.models import PaperImplementation


@dataclass(frozen=True)
class PaperClaim:
    """What the ask and edit forms say about a paper implementation (validated there)."""

    paper_url: str
    code_url: str = ""
    reported: Metric | None = None
    reproduced: Metric | None = None

    def fields(self) -> dict:
        def metric(name: str, metric: Metric | None) -> dict:
            return {
                name: metric.text if metric else "",
                f"{name}_value": metric.value if metric else None,
                f"{name}_label": metric.label if metric else "",
            }

        return {
            "paper_url": self.paper_url,
            "code_url": self.code_url,
            **metric("reported", self.reported),
            **metric("reproduced", self.reproduced),
        }


def paper_claim_of(row: PaperImplementation | None) -> PaperClaim | None:
    """The claim a stored row holds (to compare with an edit's, or fill the edit form)."""
    if row is None:
        return None
    return PaperClaim(
        paper_url=row.paper_url,
        code_url=row.code_url,
        reported=row.reported_metric,
        reproduced=row.reproduced_metric,
    )


def paper_implementation_set(*, question, claim: PaperClaim | None) -> bool:
    """Make `question` say `claim` about its paper (None: it implements none). Runs inside the
    caller's transaction (asking or editing, which retire the question's pages); returns
    whether anything changed."""
    with transaction.atomic():
        current = PaperImplementation.objects.select_for_update().filter(question=question).first()
        if claim is None:
            if current is None:
                return False
            current.delete()
            return True
        if current is not None and paper_claim_of(current) == claim:
            return False
        PaperImplementation.objects.update_or_create(question=question, defaults=claim.fields())
        return True
