from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from programmes.models.people import Person
from programmes.models.structure import Programme


class AuditEntry(models.Model):
    """Who changed what, when: written by services, read by the programme's MSM."""

    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="audit_entries")
    actor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["programme", "-created_at"], name="audit_programme_recent")]
        verbose_name_plural = gettext_lazy("audit entries")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or 'system'}: {self.summary}"
