"""The editor's draft endpoint: JSON for static/js/editor.js, members only, CSRF-checked."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.errors import ActionRefused, InvalidAction
from apps.drafts.services import draft_discard, draft_fields_clean, draft_get, draft_save


def _member_check(request) -> None:
    if not request.user.is_authenticated:
        raise ActionRefused(_("Please log in to keep drafts."))


@require_http_methods(["GET", "POST"])
def draft(request, key: str):
    """GET: the member's draft of form `key` (`fields` null when there is none) and who they
    are (`owner`: the editor keeps a copy on the device, shown only to the same member).
    POST: save the form's fields (title, body, tags, summary) as the draft."""
    _member_check(request)
    if request.method == "GET":
        found = draft_get(user=request.user, key=key)
        return JsonResponse(
            {
                "owner": request.user.pk,
                "fields": found.fields if found else None,
                "saved_at": found.updated_at.isoformat() if found else None,
            }
        )
    fields = draft_fields_clean(request.POST)
    if not fields:
        raise InvalidAction(_("A draft needs at least one of the form's fields."))
    saved = draft_save(user=request.user, key=key, fields=fields)
    return JsonResponse({"saved_at": saved.updated_at.isoformat()})


@require_http_methods(["POST"])
def discard(request, key: str):
    _member_check(request)
    draft_discard(user=request.user, key=key)
    return HttpResponse(status=204)
