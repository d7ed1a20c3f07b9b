from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotation_site.labeling.errors import ImageRejected
from annotation_site.labeling.importing import images_import_path


class Command(BaseCommand):
    help = "Import face images from a folder or a .zip (duplicates by sha256 are skipped)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", default="", help="prefix recorded as each image's source")

    def handle(self, *args, path: Path, source: str, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist", returncode=2)

        def report_rejected(name: str, reason: str) -> None:
            self.stderr.write(f"rejected {name}: {reason}")

        try:
            report = images_import_path(path, source_prefix=source, on_rejected=report_rejected)
        except ImageRejected as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"imported {report.imported}, duplicates {report.duplicates}, rejected {len(report.rejected)}"
        )
