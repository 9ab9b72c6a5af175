from django.urls import path

from programmes.trackers import views

urlpatterns = [
    path("p/<slug:slug>/integrations/trackers/add/", views.tracker_add, name="tracker_add"),
    path("p/<slug:slug>/integrations/trackers/<int:connection_id>/",
         views.tracker_edit, name="tracker_edit"),
    path("p/<slug:slug>/integrations/trackers/<int:connection_id>/remove/",
         views.tracker_remove, name="tracker_remove"),
    path("p/<slug:slug>/integrations/trackers/<int:connection_id>/sync/",
         views.tracker_sync, name="tracker_sync"),
    path("p/<slug:slug>/integrations/trackers/<int:connection_id>/mappings/add/",
         views.mapping_add, name="tracker_mapping_add"),
    path("p/<slug:slug>/integrations/trackers/<int:connection_id>/mappings/<int:mapping_id>/"
         "remove/", views.mapping_remove, name="tracker_mapping_remove"),
    path("hooks/trackers/<int:connection_id>/", views.tracker_webhook, name="tracker_webhook"),
]
