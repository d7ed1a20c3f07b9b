"""Write a synthetic release folder in RAF-DB's layout.

    <out>/release.json
    <out>/basic/EmoLabel/list_patition_label.txt      "train_00001.jpg 5" (labels 1-7)
    <out>/basic/EmoLabel/distribution.txt             "train_00001.jpg p1 ... p7" (soft labels)
    <out>/basic/Image/original/train_00001.jpg        unaligned photo
    <out>/basic/Image/aligned/train_00001_aligned.jpg 100x100, aligned with training.align
    <out>/basic/Annotation/manual/train_00001_manu_attri.txt  5 landmarks, gender, race, age
    <out>/compound/...                                 the same for blends (labels 1-11)

The label files keep RAF-DB's quirks (the "patition" spelling, no trailing newline) so the
reader is exercised on them. The split is stratified by class, train five times test.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.align import align_face
from training.classes import compound_label
from training.data import LABEL_FILE
from training.synth.draw import draw_face
from training.synth.expression import sample_expression


def stratified_split(labels: np.ndarray, rng: np.random.Generator, test_share: float = 1 / 6):
    """Boolean test mask: in each class, round(n_c / 6) random members go to test."""
    test = np.zeros(len(labels), dtype=bool)
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        test[members[:int(round(len(members) * test_share))]] = True
    return test


def write_release(out: str | Path, n: int, compound_fraction: float = 0.2, seed: int = 0,
                  size: int = 256, progress=None) -> dict:
    """Draw n faces and write them as a release; returns the release.json content."""
    if n < 1:
        raise ValueError(f"expected n >= 1, got {n}")
    out = Path(out)
    rng = np.random.default_rng(seed)
    vectors = np.stack([sample_expression(rng, compound_fraction) for _ in range(n)])
    compound = (vectors > 0).sum(axis=1) == 2
    subsets = {"basic": np.flatnonzero(~compound), "compound": np.flatnonzero(compound)}
    counts = {}
    for subset, indices in subsets.items():
        if len(indices) == 0:
            continue
        labels = np.array([_label(vectors[i]) for i in indices])
        test = stratified_split(labels, rng)
        counts[subset] = _write_subset(out / subset, indices, labels, test, vectors, seed,
                                       size, progress)
    meta = {"id": f"synth-n{n}-c{compound_fraction:g}-s{seed}", "generator": "training.synth",
            "n": n, "compound_fraction": compound_fraction, "seed": seed, "counts": counts}
    (out / "release.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def _label(vector: np.ndarray) -> int:
    nonzero = np.flatnonzero(vector)
    if len(nonzero) == 1:
        return int(nonzero[0]) + 1
    dominant = tuple(nonzero[np.argsort(-vector[nonzero])])
    return compound_label(dominant)


def _write_subset(root: Path, indices, labels, test, vectors, seed, size, progress) -> dict:
    for folder in ("EmoLabel", "Image/original", "Image/aligned", "Annotation/manual"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    names = _names(test)
    label_lines, soft_lines = [], []
    for name, index, label in zip(names, indices, labels):
        # One generator per image: any single image can be re-drawn from (seed, index).
        face = draw_face(vectors[index], np.random.default_rng([seed, int(index)]), size)
        stem = name[:-4]
        face.image.save(root / "Image/original" / name, quality=92)
        align_face(face.image, face.landmarks).save(root / f"Image/aligned/{stem}_aligned.jpg",
                                                    quality=95)
        _write_attributes(root / f"Annotation/manual/{stem}_manu_attri.txt", face)
        label_lines.append(f"{name} {label}")
        soft_lines.append(name + " " + " ".join(f"{p:.4f}" for p in vectors[index]))
        if progress is not None:
            progress()
    order = np.argsort(names)
    (root / "EmoLabel" / LABEL_FILE).write_text("\n".join(label_lines[i] for i in order))
    (root / "EmoLabel/distribution.txt").write_text("\n".join(soft_lines[i] for i in order))
    return {"train": int((~test).sum()), "test": int(test.sum())}


def _names(test: np.ndarray) -> list[str]:
    """RAF-DB numbering: train_00001.jpg ... and test_0001.jpg ..., each counted separately."""
    names, counters = [], {"train": 0, "test": 0}
    for is_test in test:
        part = "test" if is_test else "train"
        counters[part] += 1
        names.append(f"test_{counters[part]:04d}.jpg" if is_test
                     else f"train_{counters[part]:05d}.jpg")
    return names


def _write_attributes(path: Path, face) -> None:
    lines = [f"{x:.2f}\t{y:.2f}" for x, y in face.landmarks]
    lines += [str(face.attributes[key]) for key in ("gender", "race", "age")]
    path.write_text("\n".join(lines) + "\n")
