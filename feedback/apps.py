from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self):
        from feedback.models import FeedbackItem
        from programmes.data_version import watch

        watch(FeedbackItem, programmes=lambda i: (i.programme_id, i.holder_programme_id))
