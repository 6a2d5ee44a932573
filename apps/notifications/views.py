from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.login_required import member_required
from apps.notifications.models import Notification
from apps.notifications.services import notifications_read

INBOX_PAGE_SIZE = 50


def _inbox(request, **kwargs) -> str:
    """Where marking read is done from: after logging in, back to the inbox (not to the
    POST-only action)."""
    return reverse("notifications:inbox")


@member_required()
def inbox(request):
    """My notifications, newest first, grouped by day (in the site's time zone)."""
    notifications = Notification.objects.filter(recipient=request.user).for_inbox()
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    days = [
        (day, list(rows))
        for day, rows in groupby(page.object_list, key=lambda n: timezone.localdate(n.created_at))
    ]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "days": days, "today": timezone.localdate()},
    )


@member_required(form_page=_inbox)
@require_POST
def read_all(request):
    notifications_read(user=request.user)
    if request.htmx:
        return render(request, "notifications/_badge.html", {"unread_notifications": 0})
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:inbox")


@member_required(form_page=_inbox)
@require_POST
def read_one(request, pk: int):
    """Mark one of my notifications read; someone else's is not found."""
    if not Notification.objects.filter(pk=pk, recipient=request.user).exists():
        raise Http404
    notifications_read(user=request.user, pk=pk)
    return redirect("notifications:inbox")
