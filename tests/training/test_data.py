"""RAF-DB layout parsing on tiny fabricated folders, including the real file's quirks."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from training.data import load_release, load_split, parse_label_file, read_soft_labels
from training.errors import DataError


def make_release(root: Path, label_text: str, names=None) -> Path:
    (root / "basic/EmoLabel").mkdir(parents=True)
    (root / "basic/Image/aligned").mkdir(parents=True)
    (root / "basic/EmoLabel/list_patition_label.txt").write_bytes(label_text.encode())
    for line in label_text.splitlines():
        if line.split():
            stem = line.split()[0].rsplit(".", 1)[0]
            pixels = np.full((100, 100, 3), len(stem) * 10, dtype=np.uint8)
            Image.fromarray(pixels).save(root / f"basic/Image/aligned/{stem}_aligned.jpg")
    return root


def test_parses_the_real_files_quirks(tmp_path):
    # "patition" spelling, CRLF line ends, no trailing newline, test_ rows before train_.
    text = "test_0001.jpg 5\r\ntest_0002.jpg 1\r\ntrain_00001.jpg 7\r\ntrain_00002.jpg 4"
    release = load_release(make_release(tmp_path, text))
    assert [(i.name, i.label, i.split) for i in release.items] == [
        ("test_0001.jpg", 4, "test"), ("test_0002.jpg", 0, "test"),
        ("train_00001.jpg", 6, "train"), ("train_00002.jpg", 3, "train")]
    images, labels, _ = load_split(release, "train")
    assert images.shape == (2, 100, 100, 3) and images.dtype == np.uint8
    assert labels.tolist() == [6, 3]
    assert release.release_id == tmp_path.name
    assert len(release.manifest_hash()) == 64


def test_trailing_blank_lines_and_compound_range(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("train_0001.jpg 11\ntest_0001.jpg 1\n\n")
    assert [i.label for i in parse_label_file(path, 11)] == [10, 0]


@pytest.mark.parametrize("text, line, message", [
    ("train_00001.jpg 1\ntrain_00002.jpg 8", 2, "expected a label in 1..7, got 8"),
    ("train_00001.jpg 0", 1, "expected a label in 1..7, got 0"),
    ("train_00001.jpg 1\nval_00002.jpg 3", 2, "train_ or test_"),
    ("train_00001.jpg happy", 1, "expected an integer label"),
    ("train_00001.jpg", 1, "expected '<name> <label>'"),
])
def test_bad_rows_name_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "list_patition_label.txt"
    path.write_text(text)
    with pytest.raises(DataError, match=message) as error:
        parse_label_file(path, 7)
    assert str(error.value).startswith(f"{path}:{line}: ")


def test_missing_label_file(tmp_path):
    (tmp_path / "basic").mkdir()
    with pytest.raises(DataError, match="list_patition_label.txt: label file not found"):
        load_release(tmp_path)


def test_missing_and_unreadable_images(tmp_path):
    root = make_release(tmp_path, "train_00001.jpg 1\ntest_0001.jpg 2")
    broken = root / "basic/Image/aligned/test_0001_aligned.jpg"
    broken.write_bytes(b"not a jpeg")
    with pytest.raises(DataError, match=r"test_0001_aligned.jpg: unreadable image"):
        load_split(load_release(root), "test")
    broken.unlink()
    with pytest.raises(DataError, match=r"test_0001_aligned.jpg: image for test_0001.jpg"):
        load_release(root)


def test_soft_labels_are_normalised_and_complete(tmp_path):
    root = make_release(tmp_path, "train_00001.jpg 1\ntrain_00002.jpg 2\ntest_0001.jpg 3")
    release = load_release(root)
    dist = tmp_path / "distribution.txt"
    dist.write_text("train_00001.jpg 2 0 0 0 0 0 2\ntrain_00002.jpg 0 1 0 0 0 0 0")
    soft = read_soft_labels(dist, release.split("train"), 7)
    assert soft[0].tolist() == [0.5, 0, 0, 0, 0, 0, 0.5]
    with pytest.raises(DataError, match="no distribution for test_0001.jpg"):
        read_soft_labels(dist, release.items, 7)
