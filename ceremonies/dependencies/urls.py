from django.urls import path

from ceremonies.dependencies import views

urlpatterns = [
    path("p/<slug:slug>/dependencies/", views.dependencies_view, name="dependencies"),
    path("p/<slug:slug>/dependencies/<int:dependency_id>/answer/",
         views.dependency_answer_view, name="dependency_answer"),
    path("p/<slug:slug>/dependencies/<int:dependency_id>/take/", views.dependency_take_view,
         name="dependency_take"),
    path("p/<slug:slug>/dependencies/<int:dependency_id>/close/", views.dependency_close_view,
         name="dependency_close"),
]
