from django import forms
from django.contrib.auth.forms import UserCreationForm
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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name",)

    def clean_display_name(self) -> str:
        # Invisible characters would let a name pass for another member's (관리자, 관리\u200b자).
        name = self.cleaned_data["display_name"]
        reject_invisible_controls(name)
        return name
