"""Face-frame geometry: curves in canonical coordinates and their projection to pixels.

Canonical frame: x to the image's right in face half-widths, y down, head centre at 0.
Yaw is a rotation of an ellipsoidal face surface: interior features move by their depth,
the silhouette (outline, hair) stays put, which is how a turned head looks from the front.
"""
from __future__ import annotations

import numpy as np


class Projector:
    """Maps canonical (x, y) points, with a depth offset, to canvas pixels."""

    def __init__(self, yaw: float, roll: float, scale: float, centre: tuple[float, float]):
        self.yaw, self.scale = yaw, scale
        self.centre = np.asarray(centre, dtype=float)
        c, s = np.cos(roll), np.sin(roll)
        self.rotation = np.array([[c, -s], [s, c]])

    def __call__(self, points: np.ndarray, depth: float | None = 0.0) -> np.ndarray:
        """depth=None: silhouette point (no yaw shift); otherwise extra depth above the surface."""
        pts = np.atleast_2d(np.asarray(points, dtype=float)).copy()
        if depth is not None:
            surface = 0.85 * np.sqrt(np.clip(1.0 - pts[:, 0] ** 2, 0.0, None)) + depth
            pts[:, 0] = pts[:, 0] * np.cos(self.yaw) + surface * np.sin(self.yaw)
        return pts @ self.rotation.T * self.scale + self.centre

    def length(self, value: float) -> float:
        return value * self.scale


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 40,
            start: float = 0.0, stop: float = 2 * np.pi) -> np.ndarray:
    t = np.linspace(start, stop, n, endpoint=stop - start < 2 * np.pi - 1e-9)
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def head_outline(aspect: float, jaw: float, n: int = 72) -> np.ndarray:
    """Round cranium, a superellipse jaw (larger exponent = squarer) narrowing to the chin."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    exponent = np.where(s > 0, jaw, 2.0)
    x = np.sign(c) * np.abs(c) ** (2.0 / exponent)
    y = aspect * np.sign(s) * np.abs(s) ** (2.0 / exponent)
    x = x * (1.0 - 0.18 * np.clip(y / aspect, 0, None) ** 2)
    return np.stack([x, y], axis=1)


def bezier(p0, p2, mid, n: int = 16) -> np.ndarray:
    """Quadratic curve from p0 to p2 that passes through `mid` at t = 1/2."""
    p0, p2, mid = (np.asarray(p, dtype=float) for p in (p0, p2, mid))
    control = 2.0 * mid - 0.5 * (p0 + p2)
    t = np.linspace(0, 1, n)[:, None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t ** 2 * p2


def thick_curve(curve: np.ndarray, thickness: np.ndarray | float) -> np.ndarray:
    """Polygon around a polyline, `thickness` wide (scalar or per point, tapering allowed)."""
    tangent = np.gradient(curve, axis=0)
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-9
    half = 0.5 * np.broadcast_to(np.asarray(thickness, dtype=float), (len(curve),))[:, None]
    return np.concatenate([curve + half * normal, (curve - half * normal)[::-1]])
