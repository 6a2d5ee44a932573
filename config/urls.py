from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from apps.accounts.sitemaps import ProfileSitemap
from apps.accounts.views import language_switch
from apps.api.urls import urls as api_urls
from apps.core.health import healthz
from apps.core.replica import reads_from_replica
from apps.core.themes import theme_choose
from apps.core.views import robots_txt
from apps.markup.help import markdown_help
from apps.questions.sitemaps import QuestionSitemap
from apps.reading.sitemaps import SectionSitemap
from apps.tags.map_views import concept_map
from apps.tags.sitemaps import ConceptTagSitemap

SITEMAPS = {
    "questions": QuestionSitemap,
    "concepts": ConceptTagSitemap,
    "users": ProfileSitemap,
    "sections": SectionSitemap,
}

# Error pages that never run the CSRF check again (it reads the body, which may be what failed).
handler400 = "apps.core.error_views.bad_request"
handler403 = "apps.core.error_views.permission_denied"
handler404 = "apps.core.error_views.page_not_found"
handler500 = "apps.core.error_views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The JSON API: /api/v1/…, /api/openapi.json, /api/docs/ (docs/api.md).
    path("api/", api_urls),
    # Action URLs (`/questions/<id>/vote/`, `/questions/<id>/answer/`) before the question
    # page's `/questions/<id>/<slug>/`, which would otherwise match them.
    path("", include("apps.answers.urls")),
    path("", include("apps.votes.urls")),
    path("", include("apps.comments.urls")),
    path("", include("apps.drafts.urls")),
    path("", include("apps.bounties.urls")),
    path("", include("apps.answer_requests.urls")),
    path("", include("apps.following.urls")),
    path("", include("apps.cards.urls")),
    path("", include("apps.paths.urls")),
    path("", include("apps.examples.urls")),
    path("", include("apps.tags.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.moderation.urls")),
    path("", include("apps.trust.urls")),
    path("", include("apps.questions.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.tokens.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.badges.urls")),
    path("", include("apps.masterclass.urls")),
    path("", include("apps.reading.urls")),
    path("", include("apps.papers.urls")),
    path("concepts/map/", concept_map, name="concept_map"),
    path("sitemap.xml", reads_from_replica(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("markdownx/", include("apps.markup.urls")),
    path("help/markdown/", markdown_help, name="markdown_help"),
    path("theme/", theme_choose, name="theme"),
    # Django's set_language (all that django.conf.urls.i18n holds), wrapped so the header's
    # language menu also moves a logged-in member's saved preference.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
