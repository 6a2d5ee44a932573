from django.urls import path

from apps.core.replica import reads_from_replica
from apps.tags import feeds, views

app_name = "tags"

urlpatterns = [
    path("tags/", views.index, name="index"),
    path("tags/suggest/", views.suggest, name="suggest"),
    path("tags/combine/", views.combine, name="combine"),
    path("tags/<str:slug>/", views.detail, name="detail"),
    path("tags/<str:slug>/feed/", reads_from_replica(feeds.TagFeed()), name="feed"),
    path("questions/tagged/<str:slugs>/", views.tagged, name="tagged"),
    path("feeds/questions/", reads_from_replica(feeds.LatestQuestionsFeed()), name="latest_feed"),
]
