"""URLs of the Meetings tab, the series pages and the calendars."""

from django.urls import path

from ceremonies.series import calendar_views
from ceremonies.series import views as series_views

urlpatterns = [
    path("p/<slug:slug>/meetings/", series_views.meetings_view, name="meetings"),
    path("p/<slug:slug>/meetings/<int:pk>/move/", series_views.meeting_move_view,
         name="meeting_move"),
    path("p/<slug:slug>/meetings/<int:pk>/cancel/", series_views.meeting_cancel_view,
         name="meeting_cancel"),
    path("p/<slug:slug>/meetings/<int:pk>/reinstate/", series_views.meeting_reinstate_view,
         name="meeting_reinstate"),
    path("p/<slug:slug>/meetings/<int:pk>/meeting.ics", calendar_views.meeting_ics_view,
         name="meeting_ics"),
    path("p/<slug:slug>/series/", series_views.series_list_view, name="series_list"),
    path("p/<slug:slug>/series/new/", series_views.series_new_view, name="series_new"),
    path("p/<slug:slug>/series/<int:series_id>/edit/", series_views.series_edit_view,
         name="series_edit"),
    path("p/<slug:slug>/series/<int:series_id>/pause/", series_views.series_pause_view,
         name="series_pause"),
    path("p/<slug:slug>/series/<int:series_id>/resume/", series_views.series_resume_view,
         name="series_resume"),
    path("calendar/<slug:calendar_token>.ics", calendar_views.calendar_feed_view,
         name="calendar_feed"),
    path("accounts/calendar/", calendar_views.calendar_settings_view, name="calendar"),
]
