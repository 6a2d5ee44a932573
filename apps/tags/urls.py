from django.urls import path

from apps.tags import feeds, views

app_name = "tags"

urlpatterns = [
    path("tags/", views.index, name="index"),
    path("tags/suggest/", views.suggest, name="suggest"),
    path("tags/<str:slug>/", views.detail, name="detail"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="feed"),
    path("questions/tagged/<str:slugs>/", views.tagged, name="tagged"),
    path("feeds/questions/", feeds.LatestQuestionsFeed(), name="latest_feed"),
]
