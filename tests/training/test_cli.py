"""`python -m training ...` on bad input: exit status 2 and one line naming the file (and line)."""
import subprocess
import sys

import torch

from tests.shared_data import REPO_ROOT
from training.models import ARCHITECTURE


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "training", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_label_file_exits_2(tmp_path):
    (tmp_path / "basic").mkdir()
    result = run_cli("baseline", "--release", str(tmp_path), "--feature", "hog",
                     "--classifier", "svm")
    assert_one_line_error(result, "list_patition_label.txt", "label file not found")


def test_label_out_of_range_names_file_and_line(tmp_path):
    labels = tmp_path / "basic/EmoLabel/list_patition_label.txt"
    labels.parent.mkdir(parents=True)
    labels.write_text("train_00001.jpg 3\ntest_0001.jpg 9")
    result = run_cli("train", "--release", str(tmp_path), "--out", str(tmp_path / "run"))
    assert_one_line_error(result, f"{labels}:2:", "expected a label in 1..7, got 9")


def test_foreign_checkpoint_is_refused(tmp_path, tiny_release):
    checkpoint = tmp_path / "compound.pt"
    torch.save({"architecture": ARCHITECTURE, "num_classes": 11, "model": {},
                "config": {"subset": "basic"}}, checkpoint)
    result = run_cli("evaluate", "--checkpoint", str(checkpoint), "--release", str(tiny_release))
    assert_one_line_error(result, str(checkpoint), "checkpoint has 11 classes, expected 7")
    result = run_cli("train", "--release", str(tiny_release), "--out", str(tmp_path / "run"),
                     "--init", str(checkpoint), "--device", "cpu")
    assert_one_line_error(result, "checkpoint has 11 classes, expected 7")
