"""Create a reproducible programme tree of N teams with a year of history (for benchmarks).

It lives in `ceremonies` because that app sits on top of the others and may use them all.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ceremonies.brownbag import scale as brownbag_scale
from ceremonies.meetings import scale as meeting_scale
from ceremonies.steering import scale as steering_scale
from feedback import scale as feedback_scale
from programmes import scale as programme_scale
from programmes.models import Programme


class Command(BaseCommand):
    help = "Generate a programme tree with N teams and a year of history, from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--teams", type=int, default=10)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--days", type=int, default=365, help="Days of history.")

    def handle(self, *args, teams, seed, slug, days, **options):
        if not 1 <= teams <= 256:
            raise CommandError("--teams must be between 1 and 256.")
        if Programme.objects.filter(slug=slug).exists():
            raise CommandError(f"A programme with the slug {slug!r} exists already.")
        start = timezone.localdate() - timedelta(days=days)
        with transaction.atomic():
            tree = programme_scale.build(teams=teams, seed=seed, start=start, slug=slug)
            loops = feedback_scale.build(tree, days=days, seed=seed)
            meetings = meeting_scale.build(tree, days=days, seed=seed)
            bookings = programme_scale.bookings(tree, days=days, seed=seed)
            talks, entries = brownbag_scale.build(tree, days=days, seed=seed)
            snapshots = steering_scale.build(tree, days=days, seed=seed)
        self.stdout.write(self.style.SUCCESS(
            f"{teams} teams in {len(tree.trains)} trains under /p/{slug}/, {loops} feedback "
            f"loops, {meetings} past meetings, {bookings} bookings, {talks} Brown Bag talks, "
            f"{entries} register entries, {snapshots} steering snapshots; "
            f"MSM {tree.msm.email}"))
