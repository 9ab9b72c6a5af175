from django.urls import path

from programmes.pickers import views

urlpatterns = [
    path("p/<slug:slug>/pick/<slug:source>/", views.pick, name="pick"),
]
