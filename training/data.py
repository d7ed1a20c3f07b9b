"""Reading a release folder in RAF-DB's layout (no torch here; see dataset.py for tensors).

    <root>/<subset>/EmoLabel/list_patition_label.txt   "train_00001.jpg 5" per line
    <root>/<subset>/Image/aligned/<stem>_aligned.jpg   100x100 aligned faces

subset "basic" has labels 1-7, "compound" 1-11. The real file's quirks are accepted: the
"patition" spelling, no trailing newline, CRLF line ends, trailing blank lines.
Anything else that is wrong raises DataError naming the file (and line).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from training.errors import DataError

LABEL_FILE = "list_patition_label.txt"
NUM_CLASSES = {"basic": 7, "compound": 11}
IMAGE_SIZE = 100


@dataclass(frozen=True)
class Item:
    name: str      # "train_00001.jpg" as in the label file
    label: int     # 0-based
    split: str     # "train" or "test"


@dataclass
class Release:
    root: Path
    subset: str
    num_classes: int
    items: list[Item]
    release_id: str

    def split(self, part: str) -> list[Item]:
        return [item for item in self.items if item.split == part]

    def image_path(self, item: Item) -> Path:
        stem = item.name.rsplit(".", 1)[0]
        return self.root / self.subset / "Image" / "aligned" / f"{stem}_aligned.jpg"

    def manifest_hash(self) -> str:
        """sha256 over the label file and every aligned image: identifies the exact data."""
        digest = hashlib.sha256(self.label_path().read_bytes())
        for item in sorted(self.items, key=lambda it: it.name):
            digest.update(item.name.encode())
            digest.update(hashlib.sha256(self.image_path(item).read_bytes()).digest())
        return digest.hexdigest()

    def label_path(self) -> Path:
        return self.root / self.subset / "EmoLabel" / LABEL_FILE


def parse_label_file(path: Path, num_classes: int) -> list[Item]:
    """Parse list_patition_label.txt; DataError names the file and line on any bad row."""
    if not path.is_file():
        raise DataError(path, "label file not found (expected RAF-DB's EmoLabel/"
                              f"{LABEL_FILE})")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        items.append(_parse_line(path, number, line, num_classes))
    if not items:
        raise DataError(path, "label file has no entries")
    return items


def _parse_line(path: Path, number: int, line: str, num_classes: int) -> Item:
    fields = line.split()
    if len(fields) != 2:
        raise DataError(path, f"expected '<name> <label>', got {line.strip()!r}", number)
    name, raw = fields
    split = name.split("_", 1)[0]
    if split not in ("train", "test") or "_" not in name:
        raise DataError(path, f"expected a name starting with train_ or test_, got {name!r}",
                        number)
    try:
        label = int(raw)
    except ValueError:
        raise DataError(path, f"expected an integer label, got {raw!r}", number) from None
    if not 1 <= label <= num_classes:
        raise DataError(path, f"expected a label in 1..{num_classes}, got {label}", number)
    return Item(name=name, label=label - 1, split=split)


def load_release(root: str | Path, subset: str = "basic", check_images: bool = True) -> Release:
    root = Path(root)
    if subset not in NUM_CLASSES:
        raise ValueError(f"expected subset basic or compound, got {subset!r}")
    if not root.is_dir():
        raise DataError(root, "release folder not found")
    num_classes = NUM_CLASSES[subset]
    items = parse_label_file(root / subset / "EmoLabel" / LABEL_FILE, num_classes)
    release = Release(root, subset, num_classes, items, _release_id(root))
    if check_images:
        for item in items:
            if not release.image_path(item).is_file():
                raise DataError(release.image_path(item), f"image for {item.name} not found")
    return release


def _release_id(root: Path) -> str:
    meta = root / "release.json"
    if meta.is_file():
        try:
            return str(json.loads(meta.read_text())["id"])
        except (ValueError, KeyError) as error:
            raise DataError(meta, f"expected JSON with an 'id', got {error}") from None
    return root.resolve().name


def load_image(path: Path) -> np.ndarray:
    """HxWx3 uint8 at 100x100; DataError if it is missing or not a readable image."""
    try:
        with Image.open(path) as image:
            image = image.convert("RGB")
    except (OSError, UnidentifiedImageError) as error:
        raise DataError(path, f"unreadable image ({error.__class__.__name__})") from None
    if image.size != (IMAGE_SIZE, IMAGE_SIZE):
        image = image.resize((IMAGE_SIZE, IMAGE_SIZE), Image.BILINEAR)
    return np.asarray(image, dtype=np.uint8)


def load_split(release: Release, part: str) -> tuple[np.ndarray, np.ndarray, list[Item]]:
    """All images of one split as (N, 100, 100, 3) uint8 plus 0-based labels."""
    items = release.split(part)
    if not items:
        raise DataError(release.label_path(), f"no {part}_ entries")
    images = np.stack([load_image(release.image_path(item)) for item in items])
    return images, np.array([item.label for item in items], dtype=np.int64), items


def read_soft_labels(path: str | Path, items: list[Item], num_classes: int) -> np.ndarray:
    """(N, K) rows from a distribution file ("name p1 .. pK"), normalised, in `items` order."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "distribution file not found")
    rows = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        try:
            values = np.array([float(v) for v in fields[1:]])
        except ValueError:
            raise DataError(path, f"expected numbers, got {line.strip()!r}", number) from None
        if values.shape != (num_classes,) or (values < 0).any() or values.sum() <= 0:
            raise DataError(path, f"expected {num_classes} non-negative values", number)
        rows[fields[0]] = values / values.sum()
    missing = [item.name for item in items if item.name not in rows]
    if missing:
        raise DataError(path, f"no distribution for {missing[0]} ({len(missing)} missing)")
    return np.stack([rows[item.name] for item in items])
