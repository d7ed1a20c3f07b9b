"""Expression vectors and the facial "action" parameters that the renderer draws.

Each basic expression is a prototype displacement of a few action-unit-like controls from the
neutral face. A compound expression is the weighted sum of two prototypes, so a blend looks
like both of its parts, as the paper's two-tab subset does.
"""
from __future__ import annotations

import numpy as np

from training.classes import BASIC, COMPOUND_PAIRS

CONTROLS = ("brow_raise", "brow_inner", "eye_open", "mouth_open", "smile", "mouth_width",
            "upper_lip", "nose_wrinkle", "lip_press", "cheek_raise")

# Rows in RAF-DB order (surprise, fear, disgust, happiness, sadness, anger, neutral).
# brow_inner > 0 lifts the inner brow ends (sad/fear), < 0 pulls them down (anger).
_PROTOTYPES = np.array([
    # raise inner  eye  open  smile width upper wrink press cheek
    [1.00, 0.15, 0.80, 1.00, 0.00, -0.35, 0.00, 0.00, 0.00, 0.00],   # surprise
    [0.55, 0.85, 0.70, 0.45, -0.30, 0.65, 0.00, 0.00, 0.00, 0.00],   # fear
    [-0.30, -0.40, -0.45, 0.15, -0.45, 0.00, 1.00, 1.00, 0.00, 0.30],  # disgust
    [0.05, 0.00, -0.35, 0.45, 1.00, 0.45, 0.00, 0.00, 0.00, 1.00],   # happiness
    [-0.10, 1.00, -0.30, 0.00, -0.80, -0.05, 0.00, 0.00, 0.25, 0.00],  # sadness
    [-0.60, -1.00, 0.10, 0.05, -0.30, -0.20, 0.15, 0.20, 1.00, 0.00],  # anger
    np.zeros(len(CONTROLS)),                                          # neutral
])


def sample_expression(rng: np.random.Generator, compound_fraction: float = 0.2) -> np.ndarray:
    """A 7-vector summing to 1: one-hot (basic) or two non-zero entries (compound blend).

    Compound blends use RAF-DB's 11 pairs; the dominant part weighs 0.5-0.7.
    """
    if not 0.0 <= compound_fraction <= 1.0:
        raise ValueError(f"expected compound_fraction in [0, 1], got {compound_fraction}")
    vector = np.zeros(len(BASIC))
    if rng.random() < compound_fraction:
        first, second = COMPOUND_PAIRS[rng.integers(len(COMPOUND_PAIRS))]
        weight = rng.uniform(0.5, 0.7)
        vector[first], vector[second] = weight, 1.0 - weight
    else:
        vector[rng.integers(len(BASIC))] = 1.0
    return vector


def check_expression(expression: np.ndarray) -> np.ndarray:
    """Validated float copy of an expression vector (ValueError on bad input)."""
    vector = np.asarray(expression, dtype=float)
    if vector.shape != (len(BASIC),):
        raise ValueError(f"expected an expression vector of shape (7,), got {vector.shape}")
    if (vector < 0).any() or not np.isclose(vector.sum(), 1.0, atol=1e-6):
        raise ValueError(f"expected non-negative entries summing to 1, got {vector.tolist()}")
    return vector


def action_controls(expression: np.ndarray, rng: np.random.Generator,
                    resting: np.ndarray) -> dict[str, float]:
    """Control values for one image: blended prototype x intensity + identity + jitter.

    The identity's resting face (`resting`) and a per-image jitter make weak expressions
    overlap with neutral and with each other, which is what keeps the task hard.
    """
    intensity = rng.uniform(0.25, 0.9)
    values = intensity * (expression @ _PROTOTYPES) + resting
    values = values + rng.normal(0.0, 0.15, size=len(CONTROLS))
    return dict(zip(CONTROLS, values.tolist()))


def resting_face(rng: np.random.Generator) -> np.ndarray:
    """Per-identity offsets of the controls (some people look a bit sad or cross at rest)."""
    return rng.normal(0.0, 0.2, size=len(CONTROLS))
