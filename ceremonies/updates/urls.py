from django.urls import path

from ceremonies.updates import views

urlpatterns = [
    path("p/<slug:slug>/today/", views.today_view, name="today"),
    path("p/<slug:slug>/teams/<int:team_id>/update/", views.update_form_view,
         name="update_form"),
    path("p/<slug:slug>/teams/<int:team_id>/update/who/", views.update_policy_view,
         name="update_policy"),
    path("p/<slug:slug>/teams/<int:team_id>/updates/", views.update_history_view,
         name="update_history"),
    path("p/<slug:slug>/updates/<int:update_id>/impediment/", views.blocker_impediment_view,
         name="blocker_impediment"),
]
