from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.forms import ProfileForm, SignupForm
from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question

PROFILE_LIST_SIZE = 20


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("questions:list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Gachi! Never study alone."))
        return redirect(_safe_next(request) or "questions:list")
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


def profile(request, pk: int, username: str | None = None):
    person = get_object_or_404(User, pk=pk, is_active=True)
    if username != person.username:
        return redirect(person, permanent=True)
    questions = (
        Question.objects.filter(author=person)
        .only("id", "title", "score", "created_at")
        .order_by("-score", "-created_at")
    )
    answers = (
        Answer.objects.filter(author=person)
        .select_related("question")
        .only(
            "id",
            "score",
            "created_at",
            "question__id",
            "question__title",
            "question__accepted_answer_id",
        )
        .order_by("-score", "-created_at")
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "questions": questions[:PROFILE_LIST_SIZE],
            "question_total": questions.count(),
            "answers": answers[:PROFILE_LIST_SIZE],
            "answer_total": answers.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect(request.user)
    return render(request, "accounts/profile_edit.html", {"form": form})
