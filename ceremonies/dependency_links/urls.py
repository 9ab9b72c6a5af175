from django.urls import path

from ceremonies.dependency_links import views

urlpatterns = [
    path("p/<slug:slug>/dependencies/<int:dependency_id>/tracker-links/",
         views.dependency_links_view, name="dependency_tracker_links"),
]
