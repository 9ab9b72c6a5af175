from django.urls import path

from ceremonies.chat import views

urlpatterns = [
    path("chat/<slug:slug>/<slug:platform>/commands/", views.command_view,
         name="chat_commands"),
    path("chat/<slug:slug>/<slug:platform>/interactions/",
         views.interaction_view, name="chat_interactions"),
    path("chat/link/<str:token>/", views.link_view, name="chat_link"),
]
