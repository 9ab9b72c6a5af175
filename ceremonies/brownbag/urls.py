from django.urls import path

from ceremonies.brownbag import views

# Included into the "ceremonies" namespace by ceremonies/urls.py.
urlpatterns = [
    path("p/<slug:slug>/brown-bag/", views.call_current, name="brownbag"),
    path("p/<slug:slug>/brown-bag/sprints/<int:number>/", views.call_of_sprint,
         name="brownbag_sprint"),
    path("p/<slug:slug>/brown-bag/sprints/<int:number>/agenda/", views.agenda_builder,
         name="brownbag_agenda"),
    path("p/<slug:slug>/brown-bag/propose/", views.talk_new, name="brownbag_propose"),
    path("p/<slug:slug>/brown-bag/talks/<int:talk_id>/", views.talk_detail,
         name="brownbag_talk"),
    path("p/<slug:slug>/brown-bag/talks/<int:talk_id>/edit/", views.talk_edit,
         name="brownbag_talk_edit"),
    path("p/<slug:slug>/brown-bag/talks/<int:talk_id>/withdraw/", views.talk_withdraw,
         name="brownbag_talk_withdraw"),
    path("p/<slug:slug>/brown-bag/talks/<int:talk_id>/vote/", views.talk_vote,
         name="brownbag_vote"),
    path("p/<slug:slug>/brown-bag/talks/<int:talk_id>/question/", views.talk_question,
         name="brownbag_question"),
    path("p/<slug:slug>/register/", views.register_list, name="register"),
    path("p/<slug:slug>/register/new/", views.entry_new, name="register_new"),
    path("p/<slug:slug>/register/spread/", views.knowledge_spread, name="register_spread"),
    path("p/<slug:slug>/register/<int:entry_id>/", views.entry_detail, name="register_entry"),
    path("p/<slug:slug>/register/<int:entry_id>/edit/", views.entry_edit,
         name="register_edit"),
    path("p/<slug:slug>/register/<int:entry_id>/reuse/", views.entry_reuse,
         name="register_reuse"),
    path("p/<slug:slug>/register/<int:entry_id>/ask/", views.entry_ask, name="register_ask"),
]
