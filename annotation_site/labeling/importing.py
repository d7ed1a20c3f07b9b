"""Importing face images: validate every file fully, store it content-addressed, skip duplicates.

Each file is checked before anything is written: readable by Pillow, complete (a full decode
catches truncation), within the byte and pixel limits (the pixel limit is the decompression
bomb guard), and of a format browsers show. A rejected file leaves nothing behind.
"""
from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import PIL.Image
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from annotation_site.labeling.errors import ImageRejected
from annotation_site.labeling.models import Image

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "BMP": "bmp"}


@dataclass(frozen=True)
class CheckedImage:
    sha256: str
    width: int
    height: int
    extension: str


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


def image_check(data: bytes) -> CheckedImage:
    """Validate image bytes; raises ImageRejected with a one-line reason."""
    limits = settings.FACECROWD
    if not data:
        raise ImageRejected("empty file")
    if len(data) > limits["MAX_IMAGE_BYTES"]:
        raise ImageRejected(f"file is {len(data)} bytes, over the limit of {limits['MAX_IMAGE_BYTES']}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
            with PIL.Image.open(io.BytesIO(data)) as probe:
                fmt, (width, height) = probe.format, probe.size
                if width * height > limits["MAX_IMAGE_PIXELS"]:
                    raise ImageRejected(
                        f"{width}x{height} pixels is over the limit of {limits['MAX_IMAGE_PIXELS']} (decompression bomb guard)"
                    )
                probe.load()  # full decode: a truncated file fails here, not later in a browser
    except ImageRejected:
        raise
    except (PIL.Image.DecompressionBombError, PIL.Image.DecompressionBombWarning) as exc:
        raise ImageRejected(f"decompression bomb: {exc}") from exc
    except PIL.UnidentifiedImageError as exc:
        raise ImageRejected("not an image (no known image format)") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"unreadable or truncated image: {exc}") from exc
    if fmt not in ACCEPTED_FORMATS:
        raise ImageRejected(f"format {fmt} is not accepted (expected one of {', '.join(ACCEPTED_FORMATS)})")
    return CheckedImage(hashlib.sha256(data).hexdigest(), width, height, ACCEPTED_FORMATS[fmt])


def image_create(*, data: bytes, source: str, face_box=None, landmarks=None, attributes=None) -> Image | None:
    """Store one image; returns None when an identical file (same sha256) is already there."""
    checked = image_check(data)
    if Image.objects.filter(sha256=checked.sha256).exists():
        return None
    name = f"faces/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}"
    stored_name = default_storage.save(name, ContentFile(data))
    try:
        with transaction.atomic():
            return Image.objects.create(
                file=stored_name, sha256=checked.sha256, width=checked.width, height=checked.height,
                size_bytes=len(data), source=source[:255], face_box=face_box, landmarks=landmarks,
                attributes=attributes or {}, label_target=settings.FACECROWD["LABELS_PER_IMAGE"],
            )
    except IntegrityError:  # a concurrent import stored the same file first
        default_storage.delete(stored_name)
        return None
    except Exception:
        default_storage.delete(stored_name)
        raise


def _iter_folder(root: Path) -> Iterator[tuple[str, bytes | ImageRejected]]:
    limit = settings.FACECROWD["MAX_IMAGE_BYTES"]
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = str(path.relative_to(root))
        try:
            size = path.stat().st_size
            data = path.read_bytes() if size <= limit else None  # too big: never read into memory
        except OSError as exc:
            yield name, ImageRejected(f"cannot read the file: {exc.strerror or exc}")
            continue
        if data is None:
            yield name, ImageRejected(f"file is {size} bytes, over the limit of {limit}")
        else:
            yield name, data


def _iter_zip(path: Path) -> Iterator[tuple[str, bytes | ImageRejected]]:
    limit = settings.FACECROWD["MAX_IMAGE_BYTES"]
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ImageRejected(f"{path} is a damaged .zip archive: {exc}") from exc
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or Path(info.filename).name.startswith("."):
                continue
            if info.file_size > limit:  # decided from the header, before inflating anything
                yield info.filename, ImageRejected(f"file is {info.file_size} bytes, over the limit of {limit}")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                # a damaged, encrypted or exotic member: reject it and go on with the others
                yield info.filename, ImageRejected(f"unreadable zip member: {exc}")
                continue
            yield info.filename, data


def images_import_path(path: Path, *, source_prefix: str = "", on_rejected=None) -> ImportReport:
    """Import every file under a folder or in a .zip; duplicates are skipped, bad files reported."""
    if path.is_dir():
        entries = _iter_folder(path)
    elif zipfile.is_zipfile(path):
        entries = _iter_zip(path)
    else:
        raise ImageRejected(f"{path} is neither a folder nor a .zip archive")
    report = ImportReport()
    for name, data in entries:
        try:
            if isinstance(data, ImageRejected):
                raise data
            created = image_create(data=data, source=f"{source_prefix}{name}")
        except ImageRejected as exc:
            report.rejected.append((name, str(exc)))
            if on_rejected:
                on_rejected(name, str(exc))
            continue
        if created is None:
            report.duplicates += 1
        else:
            report.imported += 1
    return report
