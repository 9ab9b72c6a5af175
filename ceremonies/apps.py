from django.apps import AppConfig


class CeremoniesConfig(AppConfig):
    name = "ceremonies"

    def ready(self):
        from programmes.data_version import watch

        # Stakeholder items are expected answered by the next Steering Committee.
        from . import checks, steering_deadlines  # noqa: F401
        from .models import (
            DailyUpdate,
            Meeting,
            Milestone,
            Objective,
            SteeringChange,
            SteeringSnapshot,
        )

        watch(DailyUpdate, teams=lambda u: (u.team_id,))
        for model in (Meeting, Milestone, Objective, SteeringChange, SteeringSnapshot):
            watch(model, programmes=lambda obj: (obj.programme_id,))
