import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")

app = Celery("metascrum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Capabilities with their own tasks module (kept out of programmes.tasks, which the outbox
# imports, so notifications does not reach the trackers through it).
app.autodiscover_tasks(["programmes.trackers"])
