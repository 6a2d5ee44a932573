from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.questions.models import Question


class ProfileSitemap(Sitemap):
    """The profiles of active members who have asked or answered something.

    Profiles without a post are left out: they hold nothing to find, and listing every
    sign-up would invite spam accounts to use their profiles for links.
    """

    changefreq = "weekly"

    def items(self):
        asked = Question.objects.filter(author=OuterRef("pk"))
        answered = Answer.objects.filter(author=OuterRef("pk"))
        return (
            User.objects.filter(is_active=True)
            .filter(Exists(asked) | Exists(answered))
            .only("id", "username")
            .order_by("id")
        )
