from django.apps import AppConfig


class CeremoniesConfig(AppConfig):
    name = "ceremonies"

    def ready(self):
        # Stakeholder items are expected answered by the next Steering Committee.
        from ceremonies import checks  # noqa: F401
        from ceremonies.actions.panels import inbox_panel, team_panel
        from ceremonies.chat import receivers  # noqa: F401 (a posted update is broadcast)
        from ceremonies.dependencies.metrics import dependency_metrics
        from ceremonies.models import (
            BlockerImpediment,
            DailyUpdate,
            Dependency,
            Meeting,
            Milestone,
            Objective,
            SteeringChange,
            SteeringSnapshot,
            StopNotice,
            UpdatePolicy,
        )
        from ceremonies.split.panel import size_warning
        from ceremonies.steering import deadlines as steering_deadlines  # noqa: F401
        from ceremonies.steering import services as steering_services  # noqa: F401 (receivers)
        from feedback import inbox_panels, metrics_panels
        from programmes import home_panels, team_panels
        from programmes.data_version import watch

        watch(DailyUpdate, teams=lambda u: (u.team_id,))
        # Today, the dependency pages and the room show these; a need or a stop notice crosses
        # programmes, so both teams' programmes change.
        watch(Dependency, programmes=lambda d: (d.programme_id,),
              teams=lambda d: (d.needing_team_id, d.providing_team_id))
        watch(StopNotice, teams=lambda n: (n.team_id,))
        watch(BlockerImpediment, teams=lambda b: (_team_of_update(b.update_id),))
        watch(UpdatePolicy, teams=lambda p: (p.team_id,))
        for model in (Meeting, Milestone, Objective, SteeringChange, SteeringSnapshot):
            watch(model, programmes=lambda obj: (obj.programme_id,))
        # An action item reaches its owner's inbox and their team's page.
        inbox_panels.register("ceremonies/actions/_inbox.html", inbox_panel)
        team_panels.register("ceremonies/actions/_team.html", team_panel)
        # Dependency figures sit next to the loop metrics.
        metrics_panels.register("ceremonies/dependencies/_metrics.html", dependency_metrics)
        # A Scrum of Scrums past its seats suggests splitting, on the programme's home.
        home_panels.register("ceremonies/_size_warning.html", size_warning)


def _team_of_update(update_id: int) -> int | None:
    from ceremonies.models import DailyUpdate

    return DailyUpdate.objects.filter(pk=update_id).values_list("team_id", flat=True).first()
