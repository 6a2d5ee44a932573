import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from apps.accounts.emails import email_verification_read, email_verification_send
from apps.accounts.forms import (
    EmailForm,
    LoginForm,
    ProfileForm,
    SignupForm,
    VerifiedPasswordResetForm,
)
from apps.accounts.queries import (
    people_for_list,
    profile_answers,
    profile_people,
    profile_questions,
    top_concepts,
)
from apps.accounts.services import (
    EMAIL_TAKEN_MESSAGE,
    EmailTaken,
    email_change,
    email_verify,
    language_preference_update,
    profile_update,
)
from apps.badges.achievements import profile_badges
from apps.core.login_required import kept_form_data, member_required
from apps.core.views import safe_next
from apps.reputation.history import reputation_chart, reputation_history
from apps.trust.ratelimits import (
    login_failure_record,
    login_failures_forget,
    login_throttled,
    password_reset_check,
    rate_limit_check,
)

PROFILE_PAGE_SIZE = 20
PROFILE_EVENTS_SHOWN = 30
PROFILE_TOP_CONCEPTS = 5
PROFILE_FOLLOWS_SHOWN = 10
PEOPLE_PER_PAGE = 36
PEOPLE_TOP_CONCEPTS = 3
PEOPLE_SEARCH_MAX_LENGTH = 100

PROFILE_TABS = {"questions": gettext_lazy("Questions"), "answers": gettext_lazy("Answers")}
PROFILE_SORTS = {"votes": gettext_lazy("Votes"), "newest": gettext_lazy("Newest")}


class CountedPaginator(Paginator):
    """A paginator given its total, already loaded with the page's other data: no COUNT."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class LoginView(auth_views.LoginView):
    """Django's login, refusing further attempts for an account, or from an address, after too
    many failed ones (LOGIN_FAILURES_PER_USERNAME, LOGIN_FAILURES_PER_ADDRESS).

    While throttled even the right password is refused, and the password is not checked: the
    answer is the same whether the account exists or not.
    """

    form_class = LoginForm
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        username = form.data.get("username", "")
        form.throttled = login_throttled(request, username)
        if form.is_valid():
            return self.form_valid(form)
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):  # a wrong password, not a blank
            login_failure_record(request, username)
        return self.form_invalid(form)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("questions:list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # someone took the address between the check and the save
            form.add_error("email", EMAIL_TAKEN_MESSAGE)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Gachi! Never study alone."))
            if user.email:
                sent = email_verification_send(request=request, user=user)
                _tell_link_sent(request, user.email, sent=sent)
            return redirect(safe_next(request) or "questions:list")
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next(request)})


def profile(request, pk: int, username: str | None = None):
    person = get_object_or_404(profile_people(), pk=pk)
    if username != person.username:
        return redirect(person, permanent=True)
    tab = request.GET.get("tab")
    if tab not in PROFILE_TABS:
        tab = "questions"
    sort = request.GET.get("sort")
    if sort not in PROFILE_SORTS:
        sort = "votes"
    if tab == "questions":
        posts, total = profile_questions(person, sort), person.question_total
    else:
        posts, total = profile_answers(person, sort), person.answer_total
    page = CountedPaginator(posts, PROFILE_PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "tab": tab,
        "tabs": PROFILE_TABS,
        "sort": sort,
        "sorts": PROFILE_SORTS,
        "page": page,
        "chart": reputation_chart(reputation_history(person)),
        "events": person.reputation_events.for_profile()[:PROFILE_EVENTS_SHOWN],
        "top_concepts": top_concepts([person.pk], limit=PROFILE_TOP_CONCEPTS).get(person.pk, []),
        "badges": profile_badges(person),
    }
    if request.user.pk == person.pk:  # what you follow is yours to see
        context["concept_follows"] = person.concept_follows.select_related("tag").order_by(
            "-created_at", "-id"
        )[:PROFILE_FOLLOWS_SHOWN]
        context["question_follows"] = (
            person.question_follows.select_related("question")
            .only("id", "user_id", "created_at", "question__id", "question__title")
            .order_by("-created_at", "-id")[:PROFILE_FOLLOWS_SHOWN]
        )
    return render(request, "accounts/profile.html", context)


def people(request):
    term = request.GET.get("q", "").strip()[:PEOPLE_SEARCH_MAX_LENGTH]
    page = Paginator(people_for_list(term), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    members = list(page.object_list)
    concepts = top_concepts([member.pk for member in members], limit=PEOPLE_TOP_CONCEPTS)
    for member in members:
        member.top_concepts = concepts.get(member.pk, [])
    return render(
        request,
        "accounts/people.html",
        # `term`, not `q`: the header's search box shows `q` as its own value.
        {"page": page, "members": members, "term": term},
    )


@member_required(keep=("display_name", "bio"))
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    # A copy: a form that fails validation must not leave its values on the header's user.
    form = ProfileForm(
        request.POST or None, instance=copy.copy(request.user), initial=kept_form_data(request)
    )
    if request.method == "POST" and form.is_valid():
        user = profile_update(user=form.instance, **form.cleaned_data)
        if user.language:
            # The message below, and the pages after it, already in the chosen language; the
            # cookie keeps it after logging out too.
            translation.activate(user.language)
        messages.success(request, _("Your profile was saved."))
        response = redirect(user)
        if user.language:
            _set_language_cookie(response, user.language)
        return response
    return render(request, "accounts/profile_edit.html", {"form": form})


@member_required(keep=("email",))
@require_http_methods(["GET", "POST"])
def email_edit(request):
    """Add, change or remove the address; a new one is unverified until its link is opened.
    Posting the same unverified address again sends the link again."""
    user = request.user
    form = EmailForm(request.POST or None, owner=user, initial={"email": user.email})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if email == user.email and (user.email_verified or not email):
            messages.info(request, _("Nothing changed."))
            return redirect("accounts:email")
        rate_limit_check(request, "email")
        try:
            # A copy: a refused change must not leave the new address on the page's user.
            user = email_change(user=copy.copy(user), email=email)
        except EmailTaken as error:
            form.add_error("email", error.message)
        else:
            if email:
                sent = email_verification_send(request=request, user=user)
                _tell_link_sent(request, email, sent=sent)
            else:
                messages.success(request, _("Your email address was removed."))
            return redirect("accounts:email")
    return render(request, "accounts/email.html", {"form": form})


def _tell_link_sent(request, email: str, *, sent: bool) -> None:
    if sent:
        messages.success(
            request,
            _("We sent a link to %(email)s: open it to confirm your address.") % {"email": email},
        )
    else:
        messages.warning(
            request,
            _(
                "The confirmation link could not be sent just now. Send it again later from "
                "your email address page."
            ),
        )


@require_http_methods(["GET"])
def email_verify_link(request, token: str):
    """The mailed link: verifies the address it names if it is still the member's. Works
    logged out, and opening it again changes nothing."""
    found = email_verification_read(token)
    user = email_verify(user_id=found[0], email=found[1]) if found else None
    return render(
        request,
        "accounts/email_verified.html",
        {"verified_user": user},
        status=200 if user else 400,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, mailing only verified addresses (`VerifiedPasswordResetForm`),
    limited per client address and per address typed. The page after it says the same
    whether or not anything was sent."""

    form_class = VerifiedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        password_reset_check(self.request, form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form behind the mailed link. Once the password is set, the
    username's failed logins are forgotten: whoever forgot the password has usually used
    them up trying, and must be able to log in with the new one at once."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        login_failures_forget(form.user.get_username())
        return response


def _set_language_cookie(response, language: str) -> None:
    # The same cookie, with the same settings, as Django's set_language view.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_switch(request):
    """Django's `set_language` (the header's language menu), which also moves a logged-in
    member's saved preference: otherwise that preference would win and the menu seem broken."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language_preference_update(user=request.user, language=request.POST.get("language", ""))
    return response
