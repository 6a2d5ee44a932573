from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from apps.core.views import about_masterclass
from apps.tags.map_views import concept_map

urlpatterns = [
    # Action URLs (`/questions/<id>/vote/`, `/questions/<id>/answer/`) before the question
    # page's `/questions/<id>/<slug>/`, which would otherwise match them.
    path("", include("apps.answers.urls")),
    path("", include("apps.votes.urls")),
    path("", include("apps.tags.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.questions.urls")),
    path("", include("apps.accounts.urls")),
    path("about/masterclass/", about_masterclass, name="about_masterclass"),
    path("concepts/map/", concept_map, name="concept_map"),
    path("markdownx/", include("apps.markup.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
