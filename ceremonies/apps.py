from django.apps import AppConfig


class CeremoniesConfig(AppConfig):
    name = "ceremonies"

    def ready(self):
        # Stakeholder items are expected answered by the next Steering Committee.
        from . import checks, steering_deadlines  # noqa: F401
