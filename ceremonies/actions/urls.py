from django.urls import path

from ceremonies.actions import views

urlpatterns = [
    path("p/<slug:slug>/actions/<int:action_id>/done/", views.action_done_view,
         name="action_done"),
    path("p/<slug:slug>/actions/<int:action_id>/reopen/", views.action_reopen_view,
         name="action_reopen"),
]
