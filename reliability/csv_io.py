"""CSV in and out for the CLI: strict reading with line numbers, all-or-nothing writing."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .classes import class_order
from .estimate import EstimationResult

REQUIRED = ("item", "worker", "label")


class InputError(ValueError):
    """Malformed input; ``str(error)`` is the one-line message, with the line number."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        # line 0: the problem is the file itself (missing, a folder), not one of its lines
        super().__init__(f"{path}: line {line}: {problem}" if line else f"{path}: {problem}")
        self.line = line


@dataclass(frozen=True)
class LabelTable:
    """The three columns as lists of strings, and the sorted class vocabulary."""

    items: list[str]
    workers: list[str]
    labels: list[str]
    classes: list[str]


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(path, 0, f"cannot read the file ({err.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError(path, line, "not a UTF-8 text CSV file (undecodable bytes)") from None


def read_labels(path: Path) -> LabelTable:
    """Read ``item,worker,label`` rows; raise :class:`InputError` on the first problem."""
    path = Path(path)
    text = _decode(path)
    if not text.strip():
        raise InputError(path, 1, "empty file, expected the header item,worker,label")
    if "\x00" in text:
        raise InputError(path, text.count("\n", 0, text.index("\x00")) + 1,
                         "not a CSV file (NUL byte)")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        got = ",".join(header)
        got = got if len(got) <= 60 else got[:57] + "..."
        raise InputError(path, 1, f"missing column(s) {', '.join(missing)}; "
                                  f"expected the header item,worker,label, got {got!r}")
    cols = [header.index(c) for c in REQUIRED]
    width = max(cols) + 1
    table: tuple[list[str], list[str], list[str]] = ([], [], [])
    try:
        for row in reader:
            if not row:
                continue
            if len(row) < width:
                raise InputError(path, reader.line_num,
                                 f"expected {len(header)} fields, got {len(row)}")
            for values, col, name in zip(table, cols, REQUIRED):
                value = row[col].strip()
                if not value:
                    raise InputError(path, reader.line_num, f"empty {name}")
                values.append(value)
    except csv.Error as err:
        raise InputError(path, reader.line_num, f"not a valid CSV file ({err})") from None
    if not table[0]:
        raise InputError(path, 2, "no labels after the header")
    classes = class_order(set(table[2]))
    if len(classes) < 2:
        raise InputError(path, 2, f"a single class ({classes[0]!r}) in column label; "
                                  "expected at least 2")
    return LabelTable(*table, classes=classes)


def read_gold(path: Path) -> dict[str, str]:
    """``{item: label}`` from a gold file with the header ``item,label``."""
    path = Path(path)
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    header = [h.strip() for h in next(reader, [])]
    if header[:2] != ["item", "label"]:
        raise InputError(path, 1, f"expected the header item,label, got {','.join(header)}")
    return {row[0].strip(): row[1].strip() for row in reader if row}


def _fmt(values: np.ndarray) -> list[str]:
    return [f"{v:.6g}" for v in values.tolist()]


def _write_items(path: Path, result: EstimationResult) -> None:
    classes = [str(c) for c in result.classes]
    columns = [result.items.tolist(), [str(c) for c in result.label.tolist()],
               _fmt(result.confidence), _fmt(result.beta), result.subset.tolist(),
               result.compound.tolist(), *(_fmt(col) for col in result.posterior.T)]
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["item", "label", "confidence", "beta", "subset", "compound",
                         *(f"p_{c}" for c in classes)])
        writer.writerows(zip(*columns))


def _write_workers(path: Path, result: EstimationResult) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["worker", "alpha", "n_labels", "kept"])
        writer.writerows(zip(result.workers.tolist(), _fmt(result.alpha),
                             result.n_labels.tolist(), result.kept.astype(int).tolist()))


def write_outputs(out: Path, result: EstimationResult) -> None:
    """Write items.csv, workers.csv, summary.json into ``out`` all at once.

    Files go to a temporary sibling folder that is renamed onto ``out`` only when all
    three are complete, so a crash never leaves a half-written ``out`` behind.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(out, 0, "exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the result is an ordinary folder
    try:
        _write_items(tmp / "items.csv", result)
        _write_workers(tmp / "workers.csv", result)
        (tmp / "summary.json").write_text(json.dumps(result.summary, indent=2) + "\n")
        old = out.with_name(f".{out.name}.old-{os.getpid()}") if out.exists() else None
        if old is not None:
            os.rename(out, old)
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
