import numpy as np

from training.classes import BASIC
from training.metrics import save_confusion_png, summarize


def test_mean_diagonal_skips_classes_without_test_samples():
    # 4 of 7 classes present (like the CMU faces); class 0 is predicted but never true.
    truth = np.array([3, 3, 4, 4, 5, 5, 6, 6])
    predicted = np.array([3, 0, 4, 4, 5, 3, 6, 6])
    report = summarize(truth, predicted, 7, BASIC)
    assert report["per_class_recall"]["surprise"] is None
    assert report["per_class_recall"]["happiness"] == 0.5
    assert np.isclose(report["mean_diagonal"], (0.5 + 1 + 0.5 + 1) / 4)
    assert report["accuracy"] == 6 / 8
    assert np.array(report["confusion_matrix"]).sum() == 8


def test_confusion_png_is_written(tmp_path):
    matrix = np.array([[2, 1], [0, 0]])
    save_confusion_png(matrix, ("a", "b"), tmp_path / "c.png", "test")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
