"""The ask and edit forms' paper fields: their validation, shared by both."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from apps.core.text import reject_invisible_controls
from apps.papers.metrics import METRIC_MAX_LENGTH, metric_parse
from apps.papers.models import URL_MAX_LENGTH
from apps.papers.services import PaperClaim

PAPER_FIELDS = ("paper_url", "code_url", "reported", "reproduced")


class WebAddressField(forms.URLField):
    """An http(s) address: anything else (javascript:, ftp:, a bare word) is refused."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", URL_MAX_LENGTH)
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a web address starting with https://.")}
        )
        super().__init__(**kwargs)


class MetricField(forms.CharField):
    """A result: one number and what it measures ("76.1 % top-1", "BLEU 27.3")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", METRIC_MAX_LENGTH)
        kwargs.setdefault("validators", [reject_invisible_controls])
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        return metric_parse(text) if text else None


def paper_form_fields() -> dict[str, forms.Field]:
    return {
        "paper_url": WebAddressField(
            label=_("Paper"), help_text=_("The paper's address, e.g. on arxiv.org.")
        ),
        "code_url": WebAddressField(
            label=_("Code"), help_text=_("Optional: where your implementation is.")
        ),
        "reported": MetricField(
            label=_("Reported result"),
            help_text=_(
                "Optional: the paper's number and what it measures, e.g. “76.1 % top-1” or "
                "“BLEU 27.3”."
            ),
        ),
        "reproduced": MetricField(
            label=_("Reproduced result"),
            help_text=_("Optional: your number so far, in the same unit or metric."),
        ),
    }


def paper_claim_clean(form: forms.Form) -> PaperClaim | None:
    """The form's paper fields as one claim (None when all are empty); an address of the
    paper is needed for anything else to be said about it."""
    data = {name: form.cleaned_data.pop(name, None) for name in PAPER_FIELDS}
    if not any(data.values()):
        return None
    if not data["paper_url"]:
        if "paper_url" not in form.errors:
            form.add_error(
                "paper_url", _("Give the paper's address to say this question implements it.")
            )
        return None
    return PaperClaim(
        paper_url=data["paper_url"],
        code_url=data["code_url"] or "",
        reported=data["reported"],
        reproduced=data["reproduced"],
    )


def paper_initial(claim: PaperClaim | None) -> dict:
    """The edit form's initial values for a stored claim."""
    if claim is None:
        return {}
    return {
        "paper_url": claim.paper_url,
        "code_url": claim.code_url,
        "reported": claim.reported.text if claim.reported else "",
        "reproduced": claim.reproduced.text if claim.reproduced else "",
    }
