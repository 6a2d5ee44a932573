from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.login_required import member_required
from apps.tokens.forms import TokenCreateForm
from apps.tokens.models import PersonalToken
from apps.tokens.services import TokenNameTaken, token_create, token_revoke
from apps.trust.ratelimits import rate_limit_check

# The new token in plain text, kept in the member's own session from the POST that made it to
# the page that shows it, and taken out there: it is shown once. Not a message, because
# messages may travel in a cookie.
NEW_TOKEN_KEY = "tokens_new"
NEW_TOKEN_AGE = 10 * 60  # seconds


# never_cache: the page that shows a new token must not be kept by the browser (the back
# button, a shared computer) or by anything between it and us.
@never_cache
@member_required(keep=("name",))
@require_http_methods(["GET", "POST"])
def tokens(request):
    """A member's personal access tokens: the list, and the form that makes one."""
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rate_limit_check(request, "token")
        try:
            token, plain = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in_days=form.expires_in_days(),
            )
        except TokenNameTaken as error:
            form.add_error("name", error.message)
        else:
            request.session[NEW_TOKEN_KEY] = {
                "id": token.pk,
                "token": plain,
                "at": timezone.now().timestamp(),
            }
            messages.success(request, _("Your token “%(name)s” was made.") % {"name": token.name})
            return redirect("tokens:tokens")
    new = _new_token(request)
    rows = list(PersonalToken.objects.for_list(request.user))
    return render(
        request,
        "tokens/tokens.html",
        {"form": form, "tokens": rows, "new_token": new},
        status=400 if form.errors else 200,
    )


def _new_token(request) -> dict | None:
    """The token just made, taken out of the session: shown on this page once, and only soon
    after it was made (a member who went elsewhere first does not find it days later)."""
    if request.method != "GET":
        return None
    new = request.session.pop(NEW_TOKEN_KEY, None)
    if not isinstance(new, dict) or timezone.now().timestamp() - new.get("at", 0) > NEW_TOKEN_AGE:
        return None
    return new


@member_required()
@require_POST
def revoke(request, token_id: int):
    token = token_revoke(user=request.user, token_id=token_id)
    messages.success(
        request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("tokens:tokens")
