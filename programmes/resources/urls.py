"""URLs of shared resources and their bookings (included from programmes/urls.py)."""

from django.urls import path

from programmes.resources import views

urlpatterns = [
    path("p/<slug:slug>/resources/", views.resources, name="resources"),
    path("p/<slug:slug>/resources/new/", views.resource_new, name="resource_new"),
    path("p/<slug:slug>/resources/calendar/", views.resource_calendar, name="resource_calendar"),
    path("p/<slug:slug>/resources/conflicts/", views.booking_conflicts, name="booking_conflicts"),
    path("p/<slug:slug>/resources/<int:resource_id>/edit/", views.resource_edit,
         name="resource_edit"),
    path("p/<slug:slug>/resources/<int:resource_id>/archive/", views.resource_archive,
         name="resource_archive"),
    path("p/<slug:slug>/bookings/new/", views.booking_new, name="booking_new"),
    path("p/<slug:slug>/bookings/<int:booking_id>/confirm/", views.booking_confirm,
         name="booking_confirm"),
    path("p/<slug:slug>/bookings/<int:booking_id>/decline/", views.booking_decline,
         name="booking_decline"),
    path("p/<slug:slug>/bookings/<int:booking_id>/cancel/", views.booking_cancel,
         name="booking_cancel"),
    path("p/<slug:slug>/bookings/<int:booking_id>/reinstate/", views.booking_reinstate,
         name="booking_reinstate"),
]
