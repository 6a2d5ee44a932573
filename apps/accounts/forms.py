from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.models import BaseUserManager
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.accounts.services import EMAIL_TAKEN_MESSAGE
from apps.core.text import reject_invisible_controls


def _clean_new_email(form: forms.Form, *, owner: User | None = None) -> str:
    """The address typed, its domain lower-cased; refused if another account has it (any case).

    The database constraint is the real guard (a race ends in `EmailTaken`); this check gives
    the form its message.
    """
    email = BaseUserManager.normalize_email(form.cleaned_data.get("email") or "").strip()
    if email:
        others = User.objects.filter(email__iexact=email)
        if owner is not None:
            others = others.exclude(pk=owner.pk)
        if others.exists():
            raise forms.ValidationError(EMAIL_TAKEN_MESSAGE, code="email_taken")
    return email


EMAIL_HELP = _(
    "Optional. It is what lets you recover your account if you forget your password; we send "
    "a link to confirm it. Never shown to anyone."
)


class SignupForm(UserCreationForm):
    """Fields `username`, `password1`, `password2` (a public contract: see product.md), and an
    optional `email`, unverified until its link is opened."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        labels = {"email": _("Email address")}
        help_texts = {
            "username": _("Up to 150 characters: letters (Hangul too), digits and @/./+/-/_."),
            "email": EMAIL_HELP,
        }

    def clean_email(self) -> str:
        return _clean_new_email(self)


class EmailForm(forms.Form):
    """A member's new address (`/accounts/email/`); empty removes it."""

    email = forms.EmailField(label=_("Email address"), required=False, help_text=EMAIL_HELP)

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_email(self) -> str:
        return _clean_new_email(self, owner=self.owner)


class VerifiedPasswordResetForm(PasswordResetForm):
    """Django's reset form, mailing only verified addresses, in the member's own language.

    An address anyone could have typed at sign-up must not receive a way into the account; the
    page answers the same whether or not anything was sent.
    """

    def get_users(self, email):
        return (
            user
            for user in super().get_users(email)
            if user.email_verified and user.email.lower() == email.lower()
        )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = context["user"].language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


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
        # The address has its own page (`/accounts/email/`): changing it needs verifying.
        fields = ("display_name", "bio", "language", "email_digest", "accepts_answer_requests")
        labels = {
            "email_digest": _("Email me a daily digest of unread notifications"),
            "accepts_answer_requests": _("Let askers ask me to answer their questions"),
        }
        help_texts = {
            "bio": _("A few words about you and what you study. Markdown with $math$."),
            "email_digest": _(
                "Needs an email address. One email a day at most, only when something is unread."
            ),
            "accepts_answer_requests": _(
                "Askers see you among the people who answer their concepts well, and may ask "
                "you (you can always decline)."
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
        if wants_digest and not self.instance.email:
            self.add_error("email_digest", _("Add an email address first to receive the digest."))
        return cleaned
