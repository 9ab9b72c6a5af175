from django.core.management.base import BaseCommand, CommandParser

from ceremonies.meetings.schedule import horizon_days
from ceremonies.series.services import schedule_all


class Command(BaseCommand):
    help = ("Create the upcoming meetings of every unpaused series (MEETINGS_SCHEDULE_DAYS "
            "ahead); safe to run any number of times.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="How many days ahead (default: MEETINGS_SCHEDULE_DAYS).")

    def handle(self, *args, days=None, **options):
        days = horizon_days() if days is None else max(0, min(days, 366))
        created = schedule_all(days=days)
        self.stdout.write(self.style.SUCCESS(
            f"Scheduled {created} new meetings up to {days} days ahead."))
