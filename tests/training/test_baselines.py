import numpy as np

from training.baselines import (gabor_features, hog_features, lbp_features, run_baseline,
                                to_grey)


def test_feature_dimensions_follow_the_paper():
    grey = to_grey(np.random.default_rng(0).integers(0, 256, (2, 100, 100, 3), dtype=np.uint8))
    assert lbp_features(grey).shape == (2, 5900)
    assert hog_features(grey).shape == (2, 4000)
    assert gabor_features(grey).shape == (2, 4000)
    assert np.allclose(lbp_features(grey).reshape(2, 100, 59).sum(-1), 1.0)


def test_baseline_runs_end_to_end(tiny_release, tmp_path):
    for classifier in ("svm", "lda-knn"):
        report = run_baseline(tiny_release, "hog", classifier, out=tmp_path / f"{classifier}.json")
        assert 0.0 <= report["mean_diagonal"] <= 1.0 and report["dims"] == 4000
        assert (tmp_path / f"{classifier}.json").is_file()
