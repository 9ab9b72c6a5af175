import json
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmes.models import Programme
from programmes.transfer.export import programme_export


class Command(BaseCommand):
    help = ("Export a programme, its child programmes and everything in them to a JSON file "
            "(people's password hashes included: keep the file safe).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The programme's slug, as in its address /p/<slug>/.")
        parser.add_argument("file", help="Where to write the JSON; '-' for standard output.")

    def handle(self, *args, slug, file, **options):
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"There is no programme with the slug {slug!r}.")
        started = time.monotonic()
        export = programme_export(programme=programme)
        text = json.dumps(export.document, ensure_ascii=False, indent=1) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
        else:
            _write_privately(Path(file), text.encode())
        for note in export.notes:
            self.stderr.write(f"Note: {note}")
        counts = export.counts()
        self.stderr.write(self.style.SUCCESS(
            f"Exported {programme.slug}: {counts['programmes.programme']} programme(s), "
            f"{counts['programmes.person']} people, {sum(counts.values())} rows, "
            f"{len(text.encode()) / 1024:.0f} KiB in {time.monotonic() - started:.1f}s."))


def _write_privately(path: Path, data: bytes) -> None:
    """Readable by the owner only (it holds password hashes and webhook secrets), and never
    half-written: a temporary file is renamed over the target once complete."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
