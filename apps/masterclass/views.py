"""The page about the master class the site grew from."""

from django.shortcuts import render

from apps.masterclass.seeding import ASKER_USERNAME, notes_info
from apps.questions.models import Question


def about_masterclass(request):
    """The master class Gachi grows from: where the first threads come from."""
    threads = (
        Question.objects.for_list()
        .filter(author__username=ASKER_USERNAME)
        .order_by("-created_at", "-id")
    )
    return render(
        request, "masterclass/about_masterclass.html", {"notes": notes_info(), "threads": threads}
    )
