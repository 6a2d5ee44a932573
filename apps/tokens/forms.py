from django import forms
from django.utils.translation import gettext_lazy as _

from apps.tokens.models import PersonalToken, Scope
from apps.tokens.services import EXPIRY_DAYS

NEVER = "never"


def _expiry_choices():
    return [
        (NEVER, _("Never")),
        *((str(days), _("In %(days)d days") % {"days": days}) for days in EXPIRY_DAYS),
    ]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=PersonalToken.NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. “study group bot”."),
        error_messages={
            "required": _("Give the token a name."),
            "max_length": _("A token's name can be at most %(limit_value)d characters."),
        },
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose read or write access."),
            "invalid_choice": _("Choose read or write access."),
        },
    )
    expires = forms.ChoiceField(
        label=_("Expires"),
        choices=_expiry_choices,
        initial="90",
        error_messages={
            "required": _("Choose when the token expires."),
            "invalid_choice": _("Choose when the token expires."),
        },
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == NEVER else int(value)
