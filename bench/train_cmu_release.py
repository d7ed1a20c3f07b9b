"""Build a RAF-DB-layout release from ../shared/data/cmu-faces-crowd (real faces, gold labels).

    .venv/bin/python bench/train_cmu_release.py --out out/cmu-release [--src DIR] [--seed 0]

Gold labels map to RAF-DB classes: neutral -> 7, happy -> 4, sad -> 5, angry -> 6 (the other
three classes have no samples). There are no landmarks for these photos, so instead of the
5-point alignment each 128x120 image is cropped to a fixed 80x80 box around where the head
sits (top centre) and resized to 100x100. The split is person-disjoint (whole CMU users go to
test until it holds about 1/6 of the images); every user has all four expressions, so the
classes stay balanced. Person-disjoint is stricter than RAF-DB's image-level split: the
same people never appear in train and test.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
RAF_LABEL = {"surprise": 1, "fear": 2, "disgust": 3, "happy": 4, "sad": 5, "angry": 6,
             "neutral": 7}
CROP = (24, 0, 104, 80)  # left, top, right, bottom in the 128x120 frame


def read_rows(src: Path) -> list[dict]:
    gold = {row["item"]: row["label"] for row in csv.DictReader(open(src / "gold.csv"))}
    rows = list(csv.DictReader(open(src / "meta.csv")))
    for row in rows:
        row["label"] = RAF_LABEL[gold[row["item"]]]
    return rows


def person_split(rows: list[dict], seed: int) -> set[str]:
    """Users whose images form the test split (about 1/6 of all images)."""
    users = sorted({row["user"] for row in rows})
    per_user = {u: sum(r["user"] == u for r in rows) for u in users}
    test, count = set(), 0
    for user in np.random.default_rng(seed).permutation(users):
        if count >= len(rows) / 6:
            break
        test.add(str(user))
        count += per_user[user]
    return test


def build(src: Path, out: Path, seed: int) -> dict:
    rows = read_rows(src)
    test_users = person_split(rows, seed)
    aligned = out / "basic/Image/aligned"
    aligned.mkdir(parents=True, exist_ok=True)
    (out / "basic/EmoLabel").mkdir(parents=True, exist_ok=True)
    lines, counters = [], {"train": 0, "test": 0}
    for row in sorted(rows, key=lambda r: int(r["item"])):
        part = "test" if row["user"] in test_users else "train"
        counters[part] += 1
        name = f"{part}_{counters[part]:05d}" if part == "train" else f"test_{counters[part]:04d}"
        face = Image.open(src / "images" / f"{row['item']}.png").crop(CROP)
        face.resize((100, 100), Image.BICUBIC).convert("RGB").save(
            aligned / f"{name}_aligned.jpg", quality=95)
        lines.append(f"{name}.jpg {row['label']}")
    (out / "basic/EmoLabel/list_patition_label.txt").write_text("\n".join(sorted(lines)))
    meta = {"id": f"cmu-faces-crowd-gold-s{seed}", "source": str(src),
            "test_users": sorted(test_users), "counts": counters,
            "label_map": {k: v for k, v in RAF_LABEL.items() if k in
                          ("neutral", "happy", "sad", "angry")}}
    (out / "release.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(REPO.parent / "shared/data/cmu-faces-crowd"))
    parser.add_argument("--out", default=str(REPO / "out/cmu-release"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(build(Path(args.src), Path(args.out), args.seed), indent=2))


if __name__ == "__main__":
    main()
