from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.text import reject_invisible_controls


class SignupForm(UserCreationForm):
    """Fields `username`, `password1`, `password2` (a public contract: see product.md)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)
        help_texts = {
            "username": _("Up to 150 characters: letters (Hangul too), digits and @/./+/-/_."),
        }


class LoginForm(AuthenticationForm):
    """Django's login form (fields `username`, `password`), which a throttled login refuses
    without checking the password, so the answer tells nothing about the account."""

    throttled = False  # set by the view before validating

    def clean(self):
        if self.throttled:
            raise forms.ValidationError(
                _("Too many failed attempts to log in. Wait a few minutes, then try again."),
                code="throttled",
            )
        return super().clean()


def _language_choices() -> list[tuple[str, str]]:
    # Each language in its own name (한국어, English): someone lost in the other one finds theirs.
    return [("", _("Same as my browser"))] + [
        (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
    ]


class ProfileForm(forms.ModelForm):
    """What a member edits about themselves; saved through `accounts.services.profile_update`."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=_language_choices,
        help_text=_(
            "Used on every page while you are logged in, on any device. “Same as my browser” "
            "follows your browser and the language menu at the top of the page; once you pick "
            "a language here, that menu changes this setting too."
        ),
    )

    class Meta:
        model = User
        fields = ("display_name", "bio", "language", "email", "email_digest")
        labels = {
            "email": _("Email address"),
            "email_digest": _("Email me a daily digest of unread notifications"),
        }
        help_texts = {
            "bio": _("A few words about you and what you study. Markdown with $math$."),
            "email": _("Optional. Used only for the digest; never shown to anyone."),
            "email_digest": _(
                "Needs an email address. One email a day at most, only when something is unread."
            ),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def clean_display_name(self) -> str:
        # Invisible characters would let a name pass for another member's (관리자, 관리\u200b자).
        name = self.cleaned_data["display_name"]
        reject_invisible_controls(name)
        return name

    def clean_bio(self) -> str:
        # Same rule as names: a direction override would reverse the text around it on the page.
        bio = self.cleaned_data["bio"]
        reject_invisible_controls(bio)
        return bio

    def clean(self):
        cleaned = super().clean()
        wants_digest = cleaned.get("email_digest")
        if wants_digest and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email_digest", _("Add an email address above to receive the digest."))
        return cleaned
