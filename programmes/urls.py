from django.urls import include, path

from programmes import views
from programmes.identity import urls as identity_urls
from programmes.notifications import views as notification_views
from programmes.pickers import urls as picker_urls
from programmes.resources import urls as resource_urls
from programmes.trackers import urls as tracker_urls

app_name = "programmes"

urlpatterns = [
    path("", views.my_programmes, name="mine"),
    path("programmes/new/", views.programme_new, name="new"),
    path("p/<slug:slug>/", views.programme_home, name="home"),
    path("p/<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("p/<slug:slug>/children/new/", views.child_new, name="child_new"),
    path("p/<slug:slug>/teams/new/", views.team_new, name="team_new"),
    path("p/<slug:slug>/teams/<slug:team_slug>/", views.team_detail, name="team"),
    path("p/<slug:slug>/teams/<slug:team_slug>/edit/", views.team_edit, name="team_edit"),
    path("p/<slug:slug>/people/", views.people, name="people"),
    path("p/<slug:slug>/people/roles/<int:role_id>/remove/", views.role_remove,
         name="role_remove"),
    path("p/<slug:slug>/people/memberships/<int:membership_id>/remove/",
         views.membership_remove, name="membership_remove"),
    path("p/<slug:slug>/sprints/", views.sprints, name="sprints"),
    path("p/<slug:slug>/audit/", views.audit_log, name="audit"),
    path("p/<slug:slug>/sprints/<int:number>/edit/", views.sprint_edit, name="sprint_edit"),
    path("p/<slug:slug>/notifications/", notification_views.programme_notifications,
         name="notifications"),
    path("accounts/notifications/", notification_views.notification_preferences,
         name="notification_preferences"),
    *resource_urls.urlpatterns,
    *tracker_urls.urlpatterns,
    *identity_urls.urlpatterns,
    *picker_urls.urlpatterns,
    path("", include("programmes.notifications.urls")),
]
