"""Face alignment: a 5-point similarity transform onto a 100x100 template (RAF-DB's aligned size).

Landmark order: left eye centre, right eye centre, nose tip, left mouth corner, right mouth
corner ("left" = the image's left). The template is the common 112x112 five-point template
(ArcFace / InsightFace) scaled to 100x100, so a face fills the crop from brows to chin.
"""
from __future__ import annotations

import numpy as np
from PIL import Image
from skimage.transform import SimilarityTransform, warp

ALIGNED_SIZE = 100
TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                     [41.5493, 92.3655], [70.7299, 92.2041]]) * (ALIGNED_SIZE / 112.0)


def similarity_to_template(landmarks: np.ndarray, size: int = ALIGNED_SIZE) -> SimilarityTransform:
    """Least-squares similarity (rotation, uniform scale, shift) from landmarks to the template."""
    points = np.asarray(landmarks, dtype=float)
    if points.shape != (5, 2) or not np.isfinite(points).all():
        raise ValueError(f"expected 5x2 finite landmarks, got shape {points.shape}")
    # from_estimate returns a falsy FailedEstimation instead of raising.
    transform = SimilarityTransform.from_estimate(points, TEMPLATE * (size / ALIGNED_SIZE))
    if not transform:
        raise ValueError("expected landmarks that are not degenerate (all points coincide)")
    return transform


def align_face(image: Image.Image, landmarks: np.ndarray, size: int = ALIGNED_SIZE) -> Image.Image:
    """Crop and rotate `image` so its 5 landmarks land on the template; returns size x size RGB."""
    transform = similarity_to_template(landmarks, size)
    pixels = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
    # warp() wants the output->input map; edge mode avoids black wedges after rotation.
    out = warp(pixels, transform.inverse, output_shape=(size, size), order=1, mode="edge")
    return Image.fromarray(np.clip(out * 255.0 + 0.5, 0, 255).astype(np.uint8), "RGB")
