"""The paper's two classifiers on fixed features: multi-class linear SVM and LDA + kNN.

Used for the hand-crafted baselines and for the deep-feature protocol alike, so both are
measured the same way.
"""
from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

CLASSIFIERS = ("svm", "lda-knn")


def make_classifier(name: str, n_train: int, seed: int = 0):
    """An unfitted scikit-learn estimator for `name` (svm | lda-knn)."""
    if name == "svm":
        # C picked by 3-fold CV on the training split only (the test split stays unseen).
        svm = make_pipeline(StandardScaler(), LinearSVC(dual="auto", max_iter=5000,
                                                        random_state=seed))
        folds = StratifiedKFold(3, shuffle=True, random_state=seed)
        return GridSearchCV(svm, {"linearsvc__C": [1e-4, 1e-3, 1e-2, 1e-1]}, cv=folds,
                            scoring="balanced_accuracy")
    if name == "lda-knn":
        # PCA first: with 4,000-6,000-d features and a few thousand faces the within-class
        # scatter is singular; LDA then projects to K-1 dimensions where kNN votes.
        components = max(2, min(200, n_train // 4))
        return make_pipeline(StandardScaler(), PCA(components, random_state=seed),
                             LinearDiscriminantAnalysis(), KNeighborsClassifier(5))
    raise ValueError(f"expected a classifier in {CLASSIFIERS}, got {name!r}")


def fit_predict(name: str, train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray,
                seed: int = 0) -> np.ndarray:
    """Fit on train, predict test (at least 2 classes with >= 3 samples each are needed)."""
    model = make_classifier(name, len(train_x), seed)
    if name == "svm" and _too_small(train_y):  # 3-fold CV needs 3 per class
        model = model.estimator.set_params(linearsvc__C=1e-2)
    model.fit(train_x, train_y)
    return model.predict(test_x)


def _too_small(labels: np.ndarray) -> bool:
    counts = np.bincount(labels)
    return counts[counts > 0].min() < 3
