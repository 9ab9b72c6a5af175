from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self):
        from programmes.data_version import watch

        from .models import FeedbackItem

        watch(FeedbackItem, programmes=lambda i: (i.programme_id, i.holder_programme_id))
