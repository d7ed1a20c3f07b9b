import csv
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from annotation_site.labeling.emotions import EMOTIONS
from annotation_site.labeling.selectors import votes_for_export


class Command(BaseCommand):
    help = "Write every vote as item,worker,label,created_at (the input of `python -m reliability`)."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)

    def handle(self, *args, out: Path, **options):
        if not out.parent.exists():
            raise CommandError(f"folder {out.parent} does not exist", returncode=2)
        # Write to a temporary file beside the target and rename: never a half-written CSV.
        try:
            fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        except OSError as exc:
            raise CommandError(f"cannot write to folder {out.parent}: {exc.strerror or exc}", returncode=2) from exc
        n = 0
        try:
            with os.fdopen(fd, "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["item", "worker", "label", "created_at"])
                for image_id, username, label, created_at in votes_for_export().iterator(chunk_size=5000):
                    writer.writerow([image_id, username, EMOTIONS[label - 1], created_at.isoformat()])
                    n += 1
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the CSV gets ordinary permissions
            os.replace(tmp, out)
        except OSError as exc:  # disk full, `out` is a folder, ...: still no half-written file
            Path(tmp).unlink(missing_ok=True)
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}", returncode=2) from exc
        except DatabaseError as exc:  # not migrated, server gone, ...: one line, no partial file
            Path(tmp).unlink(missing_ok=True)
            reason = str(exc).strip().splitlines()[0]
            raise CommandError(f"cannot read the votes from the database: {reason} (run `manage.py migrate`?)",
                               returncode=2) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stdout.write(f"wrote {n} votes to {out}")
