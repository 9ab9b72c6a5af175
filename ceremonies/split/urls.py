from django.urls import path

from ceremonies.split import views

urlpatterns = [
    path("p/<slug:slug>/split/", views.split_view, name="split"),
]
