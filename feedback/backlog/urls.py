from django.urls import path

from feedback.backlog import views

urlpatterns = [
    path("p/<slug:slug>/backlog/", views.backlog_view, name="backlog"),
    path("p/<slug:slug>/backlog/<int:item_id>/move/", views.backlog_move_view,
         name="backlog_move"),
    path("p/<slug:slug>/backlog/<int:item_id>/roam/", views.backlog_roam_view,
         name="backlog_roam"),
    path("p/<slug:slug>/backlog/<int:item_id>/done/", views.backlog_done_view,
         name="backlog_done"),
]
