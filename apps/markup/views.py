"""The editor's two XHR endpoints, replacing django-markdownx's open ones.

django-markdownx's widget posts (as multipart form data, with `csrfmiddlewaretoken` in the body)
to the URLs named `markdownx_markdownify` (field `content`, expects HTML back) and
`markdownx_upload` (field `image`, expects JSON `{"image_code": "![](url)"}`). Ours require a
logged-in member and Django's normal CSRF check, accept POST only, and answer every refusal
with JSON `{"error": "<translated message>"}` (a refused preview: an HTML paragraph, which the
widget shows in its preview pane) and a 4xx status: 400 bad request, 403 not logged
in (or, for an upload, not allowed images in posts yet), 405 wrong method, 429 too many
previews or uploads (RATE_LIMITS); or 503 when the process is busy decoding other uploads.
(A failed CSRF check is answered by Django's CSRF failure view, before these views run.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from apps.markup.rendering import MAX_SOURCE_LENGTH, render_markdown
from apps.markup.uploads import UploadRejected, save_uploaded_image
from apps.trust.newcomers import post_content_problems
from apps.trust.ratelimits import rate_limit_message, rate_limited

View = Callable[[HttpRequest], HttpResponse]


def error_response(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def preview_error(message: str, *, status: int = 400) -> HttpResponse:
    """A refused preview, as HTML: the widget puts whatever the preview answers into the pane."""
    return HttpResponse(
        format_html('<p class="preview-error" role="alert">{}</p>', message),
        status=status,
        content_type="text/html; charset=utf-8",
    )


def member_post_endpoint(view: View) -> View:
    """POST-only, logged-in-only, answering refusals with JSON rather than a redirect.

    These are called by the editor's JavaScript, which cannot follow a login redirect usefully.
    """

    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            response = error_response(_("Only POST requests are accepted here."), status=405)
            response["Allow"] = "POST"
            return response
        if not request.user.is_authenticated:
            return error_response(_("Please log in to use the editor."), status=403)
        return view(request)

    return wrapper


@member_post_endpoint
def markdownify(request: HttpRequest) -> HttpResponse:
    """Live preview: the editor's Markdown rendered exactly as it will be saved."""
    if rate_limited(request, "preview"):
        return preview_error(rate_limit_message(request.user), status=429)
    content = request.POST.get("content")
    if content is None:
        return preview_error(_("The text to preview is missing."))
    if len(content) > MAX_SOURCE_LENGTH:
        return preview_error(
            _("The text is too long to preview: the limit is %(limit)d characters.")
            % {"limit": MAX_SOURCE_LENGTH}
        )
    return HttpResponse(render_markdown(content), content_type="text/html; charset=utf-8")


@member_post_endpoint
def upload(request: HttpRequest) -> HttpResponse:
    """Image upload from the editor (paste or drop); answers with the Markdown to insert."""
    # Asked as the post form will ask it, of a post holding one image: someone who may not
    # put images in posts yet learns it now, in the same words, not after the image is up.
    problems = post_content_problems(user=request.user, html="<img>")
    if problems:
        return error_response(" ".join(problems), status=403)
    if rate_limited(request, "upload"):
        return error_response(rate_limit_message(request.user), status=429)
    try:
        stored = save_uploaded_image(request.FILES.get("image"))
    except UploadRejected as refusal:
        return error_response(refusal.message, status=refusal.status)
    return JsonResponse({"image_code": f"![]({stored.url})"})
