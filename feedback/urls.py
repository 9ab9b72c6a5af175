from django.urls import include, path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("", include("feedback.backlog.urls")),
    path("p/<slug:slug>/feedback/", views.programme_feedback, name="programme"),
    path("p/<slug:slug>/feedback/new/", views.item_new, name="new"),
    path("p/<slug:slug>/feedback/metrics/", views.metrics_view, name="metrics"),
    path("p/<slug:slug>/feedback/settings/", views.settings_view, name="settings"),
    path("p/<slug:slug>/feedback/<int:pk>/", views.item_detail, name="item"),
    path("p/<slug:slug>/feedback/<int:pk>/tracker-link/", views.tracker_link_view,
         name="tracker_link"),
    path("p/<slug:slug>/feedback/<int:pk>/<slug:action>/", views.item_action, name="action"),
]
