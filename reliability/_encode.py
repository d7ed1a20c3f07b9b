"""Long-format (item, worker, label) columns as dense integer codes, plus duplicate handling."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .classes import class_order

DUPLICATE_POLICIES = ("keep", "first", "last", "error")


class DuplicateLabelError(ValueError):
    """A repeated (item, worker) pair under ``duplicates="error"``; ``row`` is its 0-based row."""

    def __init__(self, message: str, row: int) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Encoded:
    """Integer-coded labels: ``item[l]``, ``worker[l]``, ``label[l]`` index the id arrays."""

    items: np.ndarray
    workers: np.ndarray
    classes: np.ndarray
    item: np.ndarray
    worker: np.ndarray
    label: np.ndarray
    rows: np.ndarray  # position of each label in the caller's input, for error messages

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def n_workers(self) -> int:
        return len(self.workers)

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def n_labels(self) -> int:
        return len(self.label)

    def take(self, mask: np.ndarray) -> "Encoded":
        """Same id arrays, only the labels where ``mask`` (bool or index array) selects."""
        return replace(self, item=self.item[mask], worker=self.worker[mask],
                       label=self.label[mask], rows=self.rows[mask])


def _python(value: Hashable) -> Hashable:
    """A numpy scalar as the Python value, so that messages show 'a', not np.str_('a')."""
    return value.item() if isinstance(value, np.generic) else value


def _object_array(seq: Sequence[Hashable]) -> np.ndarray:
    arr = np.empty(len(seq), dtype=object)
    arr[:] = list(seq)
    return arr


def _dense_int_codes(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes of non-negative integer ids (database keys) by a lookup table, or None."""
    if arr.dtype.kind not in "iu" or not len(arr) or arr.min() < 0 or arr.max() > 4 * len(arr):
        return None
    present = np.zeros(int(arr.max()) + 1, dtype=bool)
    present[arr] = True
    lookup = np.cumsum(present, dtype=np.intp) - 1
    return np.flatnonzero(present).astype(arr.dtype), lookup[arr]


def factorize(values: Iterable[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Unique ids (sorted when they sort, else in order of first appearance) and codes.

    Numeric or string numpy arrays are coded by numpy; anything else (lists, object
    arrays, tuples as ids, mixed types) by one dict pass, which is also faster than
    converting a list of strings to a numpy array first.
    """
    if isinstance(values, np.ndarray) and values.dtype != object:
        arr = values.ravel()
        dense = _dense_int_codes(arr)
        if dense is not None:
            return dense
        uniques, codes = np.unique(arr, return_inverse=True)
        return uniques, codes.astype(np.intp).ravel()
    seq = values.ravel().tolist() if isinstance(values, np.ndarray) else values
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in seq), np.intp)
    uniques = list(index)
    try:
        order = sorted(range(len(uniques)), key=uniques.__getitem__)
    except TypeError:  # ids of mixed types do not sort
        return _object_array(uniques), codes
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return _object_array([uniques[k] for k in order]), rank[codes]


def _class_codes(labels: Iterable[Hashable], classes: Sequence[Hashable] | None
                 ) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = factorize(labels)
    if classes is None:
        classes = class_order(uniques.tolist())
    class_arr = _object_array(list(classes))
    lookup = {c: k for k, c in enumerate(classes)}
    if len(lookup) != len(classes):
        raise ValueError(f"expected distinct classes, got {list(classes)!r}")
    missing = [u for u in uniques.tolist() if u not in lookup]
    if missing:
        raise ValueError(f"expected labels among classes {list(classes)!r}, got {missing[0]!r}")
    lut = np.array([lookup[u] for u in uniques.tolist()], dtype=np.intp)
    return class_arr, lut[codes]


def encode(items: Iterable[Hashable], workers: Iterable[Hashable], labels: Iterable[Hashable],
           *, classes: Sequence[Hashable] | None = None) -> Encoded:
    """Validate three equally long id columns and code them densely.

    Without ``classes`` the class order is :func:`~reliability.classes.class_order` of
    the distinct labels (RAF-DB order for RAF-DB names, numeric for integers).

    Raises
    ------
    ValueError
        "expected … got …" for unequal lengths, no labels, or fewer than two classes.
    """
    item_ids, item = factorize(items)
    worker_ids, worker = factorize(workers)
    class_ids, label = _class_codes(labels, classes)
    lengths = (len(item), len(worker), len(label))
    if len(set(lengths)) != 1:
        raise ValueError(f"expected items, workers and labels of one length, got {lengths}")
    if lengths[0] == 0:
        raise ValueError("expected at least one label, got 0")
    if len(class_ids) < 2:
        raise ValueError(f"expected at least 2 classes, got {len(class_ids)}: "
                         f"{class_ids.tolist()!r}")
    return Encoded(item_ids, worker_ids, class_ids, item, worker, label,
                   np.arange(lengths[0], dtype=np.intp))


def resolve_duplicates(data: Encoded, policy: str) -> tuple[Encoded, int]:
    """Apply a repeated-(item, worker) policy; return the data and the number of repeats.

    ``keep`` treats every row as an independent label; ``first``/``last`` keep one row per
    pair; ``error`` raises :class:`DuplicateLabelError` at the first repeated row.
    """
    if policy not in DUPLICATE_POLICIES:
        raise ValueError(f"expected duplicates in {DUPLICATE_POLICIES}, got {policy!r}")
    key = data.item.astype(np.int64) * data.n_workers + data.worker
    _, first = np.unique(key, return_index=True)
    n_duplicates = data.n_labels - len(first)
    if n_duplicates == 0 or policy == "keep":
        return data, n_duplicates
    if policy == "error":
        repeated = np.ones(data.n_labels, bool)
        repeated[first] = False
        row = int(np.flatnonzero(repeated)[0])
        item, worker = (_python(ids[code[row]])
                        for ids, code in ((data.items, data.item), (data.workers, data.worker)))
        raise DuplicateLabelError(f"expected one label per (item, worker), got a repeat of "
                                  f"item {item!r} by worker {worker!r}", int(data.rows[row]))
    if policy == "last":
        _, from_end = np.unique(key[::-1], return_index=True)
        first = data.n_labels - 1 - from_end
    return data.take(np.sort(first)), n_duplicates
