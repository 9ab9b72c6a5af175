from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models.structure import Programme, Team


class GroupRoleMapping(models.Model):
    """A group in the identity provider's groups claim that gives a role in a programme."""

    class Role(models.TextChoices):
        MSM = "msm", gettext_lazy("Meta Scrum Master")
        STAKEHOLDER = "stakeholder", gettext_lazy("Stakeholder")
        SCRUM_MASTER = "scrum_master", gettext_lazy("Scrum Master")
        MEMBER = "member", gettext_lazy("Member")

    TEAM_ROLES = (Role.SCRUM_MASTER, Role.MEMBER)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="group_mappings")
    group = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="group_mappings")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "group", "role", "team"],
                                    name="group_mapping_unique"),
            models.UniqueConstraint(fields=["programme", "group", "role"],
                                    condition=models.Q(team=None),
                                    name="group_mapping_unique_programme_role"),
        ]

    def __str__(self):
        where = self.team or self.programme
        return f"{self.group} → {self.get_role_display()} of {where}"

    def clean(self):
        if self.role in self.TEAM_ROLES and self.team_id is None:
            raise ValidationError({"team": _("Choose the team this role is in.")})
        if self.role not in self.TEAM_ROLES:
            self.team = None
        if self.team_id and self.team.programme_id != self.programme_id:
            raise ValidationError({"team": _("Choose a team of this programme.")})
