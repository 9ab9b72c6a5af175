from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes, teams and people"

    def ready(self):
        from .data_version import watch
        from .models import Programme, Sprint, Team

        watch(Programme, programmes=lambda p: (p.pk, p.parent_id))
        watch(Team, programmes=lambda t: (t.programme_id,))
        watch(Sprint, programmes=lambda s: (s.programme_id,))
