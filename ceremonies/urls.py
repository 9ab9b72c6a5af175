from django.urls import include, path

from ceremonies.actions import urls as action_urls
from ceremonies.brownbag import urls as brownbag_urls
from ceremonies.chat import urls as chat_urls
from ceremonies.room import minutes_to, push, views
from ceremonies.series import urls as series_urls
from ceremonies.steering import urls as steering_urls

app_name = "ceremonies"

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/", views.room_view, name="room"),
    path("p/<slug:slug>/meetings/<int:pk>/live/", views.live_view, name="live"),
    path("p/<slug:slug>/meetings/<int:pk>/live/stream/", push.stream_view, name="live_stream"),
    path("p/<slug:slug>/meetings/<int:pk>/control/<slug:action>/", views.control_view,
         name="control"),
    path("p/<slug:slug>/meetings/<int:pk>/agenda/add/", views.agenda_add_view,
         name="agenda_add"),
    path("p/<slug:slug>/meetings/<int:pk>/agenda/<int:item_id>/<slug:change>/",
         views.agenda_item_view, name="agenda_item"),
    path("p/<slug:slug>/meetings/<int:pk>/notes/", views.note_view, name="note"),
    path("p/<slug:slug>/meetings/<int:pk>/decisions/", views.decision_view, name="decision"),
    path("p/<slug:slug>/meetings/<int:pk>/actions/", views.action_view, name="action"),
    path("p/<slug:slug>/meetings/<int:pk>/actions/<int:action_id>/review/",
         views.action_review_view, name="action_review"),
    path("p/<slug:slug>/meetings/<int:pk>/minutes-to/", minutes_to.minutes_to_add_view,
         name="minutes_to_add"),
    path("p/<slug:slug>/meetings/<int:pk>/minutes-to/<int:person_id>/remove/",
         minutes_to.minutes_to_remove_view, name="minutes_to_remove"),
    path("", include("ceremonies.updates.urls")),
    path("", include("ceremonies.dependencies.urls")),
    path("", include("ceremonies.dependency_links.urls")),
    path("", include("ceremonies.split.urls")),
    *action_urls.urlpatterns,
    *steering_urls.urlpatterns,
    *brownbag_urls.urlpatterns,
    *chat_urls.urlpatterns,
    *series_urls.urlpatterns,
]
