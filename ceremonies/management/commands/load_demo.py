"""Load the demo programme; lives in `ceremonies`, the app that may use all the others."""

from django.core.management.base import BaseCommand
from django.db import transaction

from ceremonies.brownbag import demo as brownbag_demo
from ceremonies.series import demo as ceremonies_demo
from ceremonies.steering import demo as steering_demo
from ceremonies.updates import demo as updates_demo
from feedback import demo as feedback_demo
from programmes import demo


class Command(BaseCommand):
    help = "Load the demo programme (Northwind Digital) once; does nothing if it is there."

    def handle(self, *args, **options):
        if demo.is_loaded():
            self.stdout.write("The demo programme is already loaded.")
            return
        with transaction.atomic():
            loaded = demo.load()
            feedback_demo.load(loaded)
            ceremonies_demo.load(loaded)
            updates_demo.load(loaded)
            steering_demo.load(loaded)
            brownbag_demo.load(loaded)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(loaded.programmes)} programmes. Sign in as msm@example.com "
            f"with the password {demo.DEMO_PASSWORD!r}."
        ))
