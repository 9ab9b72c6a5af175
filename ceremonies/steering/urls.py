from django.urls import path

from ceremonies.steering import views

urlpatterns = [
    path("p/<slug:slug>/steering/", views.dashboard, name="steering"),
    path("p/<slug:slug>/steering/pack/", views.pack_page, name="steering_pack"),
    path("p/<slug:slug>/steering/snapshots/<int:snapshot_id>/", views.snapshot_page,
         name="steering_snapshot"),
    path("p/<slug:slug>/steering/objectives/new/", views.objective_new, name="objective_new"),
    path("p/<slug:slug>/steering/objectives/<int:objective_id>/", views.objective_detail,
         name="objective"),
    path("p/<slug:slug>/steering/objectives/<int:objective_id>/edit/", views.objective_edit,
         name="objective_edit"),
    path("p/<slug:slug>/steering/milestones/new/", views.milestone_new, name="milestone_new"),
    path("p/<slug:slug>/steering/milestones/<int:milestone_id>/edit/", views.milestone_edit,
         name="milestone_edit"),
]
