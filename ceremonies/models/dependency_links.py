"""A dependency linked to the work-tracker item that delivers it: when that item closes, the
needing team's Scrum Master (who raised the dependency) is asked to mark it delivered; it is
never marked for them."""

from django.conf import settings
from django.db import models

from ceremonies.models.updates import Dependency
from programmes.models import TrackerItem


class DependencyTrackerLink(models.Model):
    dependency = models.ForeignKey(Dependency, on_delete=models.CASCADE,
                                   related_name="tracker_links")
    tracker_item = models.ForeignKey(TrackerItem, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dependency", "tracker_item"],
                                               name="dependency_tracker_link_unique")]

    def __str__(self) -> str:
        return f"{self.dependency_id} → {self.tracker_item_id}"
