from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = gettext_lazy("Programmes, teams and people")

    def ready(self):
        from django.db.backends.signals import connection_created

        from metascrum.lib.fold import register_on_sqlite
        from programmes.data_version import watch
        from programmes.identity import signals  # noqa: F401  (single sign-on receivers)
        from programmes.models import Programme, ProgrammeRole, Sprint, Team, TeamMembership

        watch(Programme, programmes=lambda p: (p.pk, p.parent_id))
        watch(Team, programmes=lambda t: (t.programme_id,))
        watch(Sprint, programmes=lambda s: (s.programme_id,))
        # Who holds which role decides whose inbox an item is in (feedback/badge.py).
        watch(ProgrammeRole, programmes=lambda r: (r.programme_id,))
        watch(TeamMembership, teams=lambda m: (m.team_id,))
        from programmes.notifications.integration_panels import panels
        from programmes.trackers.selectors import integrations_panel

        panels.register("programmes/trackers/_panel.html", integrations_panel)
        # Pickers fold names in the database; PostgreSQL has unaccent, SQLite learns it here.
        connection_created.connect(register_on_sqlite)
