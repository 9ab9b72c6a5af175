from django.urls import path

from programmes.notifications import webhook_views as views

urlpatterns = [
    path("p/<slug:slug>/integrations/", views.integrations, name="integrations"),
    path("p/<slug:slug>/integrations/chat-app/", views.chat_app_install, name="chat_app_install"),
    path("p/<slug:slug>/integrations/chat-app/remove/", views.chat_app_remove,
         name="chat_app_remove"),
    path("p/<slug:slug>/integrations/chat/add/", views.chat_webhook_add,
         name="chat_webhook_add"),
    path("p/<slug:slug>/integrations/chat/<int:chat_webhook_id>/edit/",
         views.chat_webhook_edit, name="chat_webhook_edit"),
    path("p/<slug:slug>/integrations/chat/<int:chat_webhook_id>/remove/",
         views.chat_webhook_remove, name="chat_webhook_remove"),
    path("p/<slug:slug>/integrations/chat/<int:chat_webhook_id>/test/",
         views.chat_webhook_test, name="chat_webhook_test"),
    path("p/<slug:slug>/integrations/webhooks/add/", views.webhook_add, name="webhook_add"),
    path("p/<slug:slug>/integrations/webhooks/<int:subscription_id>/toggle/",
         views.webhook_toggle, name="webhook_toggle"),
    path("p/<slug:slug>/integrations/webhooks/<int:subscription_id>/rotate/",
         views.webhook_rotate, name="webhook_rotate"),
    path("p/<slug:slug>/integrations/webhooks/<int:subscription_id>/test/",
         views.webhook_test, name="webhook_test"),
]
