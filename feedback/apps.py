from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self):
        from feedback.models import FeedbackItem
        from feedback.selectors import open_loops_summary
        from programmes import home_panels
        from programmes.data_version import watch

        watch(FeedbackItem, programmes=lambda i: (i.programme_id, i.holder_programme_id))
        home_panels.register("feedback/_open_loops.html", open_loops_summary)
