from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmes.models import Programme
from programmes.transfer.restore import ImportRefused, programme_import_file


class Command(BaseCommand):
    help = ("Import a programme written by export_programme: all of it or nothing. Refuses a "
            "file of another format version and a programme whose slug exists here.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON file written by export_programme.")
        parser.add_argument("--parent", metavar="SLUG",
                            help="Put the imported programme inside this existing programme "
                                 "(default: a top-level programme).")

    def handle(self, *args, file, parent=None, **options):
        parent_programme = None
        if parent:
            parent_programme = Programme.objects.filter(slug=parent).first()
            if parent_programme is None:
                raise CommandError(f"There is no programme with the slug {parent!r}.")
        try:
            imported = programme_import_file(file, parent=parent_programme)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        if imported.people_kept:
            self.stderr.write(
                f"{len(imported.people_kept)} people had an account here already and keep it "
                f"as it is (password, settings): {', '.join(imported.people_kept[:10])}"
                + (" …" if len(imported.people_kept) > 10 else ""))
        self.stdout.write(self.style.SUCCESS(
            f"Imported {imported.programme.slug}: {sum(imported.counts.values())} rows "
            f"({imported.counts.get('programmes.programme', 0)} programme(s), "
            f"{imported.counts.get('programmes.person', 0)} new people)."))
