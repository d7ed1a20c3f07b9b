"""The drawn parts of a face (head, hair, eyes, brows, nose, mouth, folds, occluders).

Every part is a polygon or polyline in the canonical face frame (see geometry.py); the
Painter projects it with the pose, so landmarks and pixels always agree.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import ImageDraw

from training.synth.geometry import Projector, bezier, ellipse, head_outline, thick_curve
from training.synth.identity import Identity


def _rgba(colour, alpha: int = 255) -> tuple[int, int, int, int]:
    r, g, b = (int(np.clip(v, 0, 255)) for v in colour[:3])
    return (r, g, b, int(alpha))


class Painter:
    def __init__(self, draw: ImageDraw.ImageDraw, project: Projector):
        self.draw, self.project = draw, project

    def polygon(self, points, colour, depth: float | None = 0.0, alpha: int = 255) -> None:
        xy = self.project(points, depth)
        self.draw.polygon([tuple(p) for p in xy], fill=_rgba(colour, alpha))

    def line(self, points, colour, width: float, depth: float | None = 0.0,
             alpha: int = 255) -> None:
        self.polygon(thick_curve(np.asarray(points, float), width), colour, depth, alpha)


@dataclass
class Layout:
    """Canonical positions of the landmarks for one identity + expression."""
    eye_x: float
    eye_y: float
    nose_y: float
    mouth_y: float
    mouth_half_width: float
    corner_y: float

    def landmarks(self) -> list[tuple[np.ndarray, float]]:
        """(point, depth) for left eye, right eye, nose tip, left and right mouth corners."""
        return [((-self.eye_x, self.eye_y), 0.15), ((self.eye_x, self.eye_y), 0.15),
                ((0.0, self.nose_y), 0.4),
                ((-self.mouth_half_width, self.corner_y), 0.1),
                ((self.mouth_half_width, self.corner_y), 0.1)]


def make_layout(who: Identity, act: dict[str, float]) -> Layout:
    a = who.head_aspect
    half_width = 0.3 * who.mouth_size * (1 + 0.25 * act["mouth_width"]) - 0.04 * act["lip_press"]
    mouth_y = 0.58 * a
    return Layout(eye_x=who.eye_spacing, eye_y=-0.08 * a, nose_y=0.3 * a, mouth_y=mouth_y,
                  mouth_half_width=max(half_width, 0.15),
                  corner_y=mouth_y - 0.1 * act["smile"])


def draw_head(p: Painter, who: Identity, clothes) -> None:
    a, skin = who.head_aspect, who.skin
    if who.long_hair:
        p.polygon(ellipse(0, 0.25 * a, 1.3, 1.25 * a), who.hair, depth=None)
    p.polygon(ellipse(0, 2.9 * a, 2.6, 1.3 * a), clothes, depth=None)
    p.polygon([(-0.42, 0.5 * a), (0.42, 0.5 * a), (0.5, 2.0 * a), (-0.5, 2.0 * a)],
              skin * 0.85, depth=None)
    for side in (-1, 1):
        p.polygon(ellipse(side * 0.97, 0.05 * a, 0.13, 0.24), skin * 0.93, depth=None)
    p.polygon(head_outline(a, who.jaw), skin, depth=None)


def draw_hair_top(p: Painter, who: Identity, rng: np.random.Generator) -> None:
    if who.gender == 0 and who.age >= 3 and rng.random() < 0.35:
        return  # bald
    a = who.head_aspect
    outline = head_outline(a, who.jaw) * 1.05
    hairline = -a * rng.uniform(0.5, 0.7)
    cap = outline[outline[:, 1] < hairline]
    cap = cap[np.argsort(np.arctan2(cap[:, 1], cap[:, 0]))]
    fringe_x = np.linspace(cap[-1, 0], cap[0, 0], 9)[1:-1]
    fringe = np.stack([fringe_x, hairline + rng.uniform(-0.08, 0.12, len(fringe_x))], axis=1)
    p.polygon(np.concatenate([cap, fringe]), who.hair, depth=None)


def draw_eye(p: Painter, who: Identity, act: dict, cx: float, cy: float,
             gaze: np.ndarray) -> None:
    width = 0.16 * who.eye_size
    upper = width * np.clip(0.45 * (1 + 0.8 * act["eye_open"]), 0.08, 0.9)
    lower = upper * np.clip(0.8 - 0.35 * act["cheek_raise"], 0.25, 1.0)
    t = np.linspace(0, np.pi, 15)
    top = np.stack([cx + width * np.cos(t), cy - upper * np.sin(t)], axis=1)
    bottom = np.stack([cx - width * np.cos(t), cy + lower * np.sin(t)], axis=1)
    p.polygon(np.concatenate([top, bottom]), (238, 235, 228), depth=0.15)
    iris = 0.55 * width
    p.polygon(ellipse(cx + gaze[0], cy + gaze[1], iris, iris, 24), who.iris, depth=0.15)
    p.polygon(ellipse(cx + gaze[0], cy + gaze[1], iris * 0.45, iris * 0.45, 16),
              (10, 10, 10), depth=0.15)
    # Lids in skin colour cover the iris outside the eye opening.
    lid_top = np.concatenate([top, [(cx - 1.3 * width, cy - 1.4 * width),
                                    (cx + 1.3 * width, cy - 1.4 * width)]])
    lid_bottom = np.concatenate([bottom, [(cx + 1.3 * width, cy + 1.2 * width),
                                          (cx - 1.3 * width, cy + 1.2 * width)]])
    p.polygon(lid_top, who.skin, depth=0.15)
    p.polygon(lid_bottom, who.skin, depth=0.15)
    p.line(top, who.skin * 0.35, 0.022, depth=0.15)


def draw_brow(p: Painter, who: Identity, act: dict, cx: float, cy: float, side: int) -> None:
    """side -1 = image-left brow; the inner end is the one nearer the nose."""
    base = cy - 0.2 - 0.09 * act["brow_raise"]
    inner = (cx - side * 0.12, base - 0.09 * act["brow_inner"] + 0.02)
    outer = (cx + side * 0.2, base + 0.03 + 0.03 * act["brow_inner"])
    mid = (cx + side * 0.03, base - 0.035 - 0.02 * act["brow_raise"])
    curve = bezier(inner, outer, mid, 14)
    thickness = who.brow_thickness * np.linspace(1.2, 0.6, len(curve))
    p.line(curve, np.asarray(who.hair) * 0.8, thickness, depth=0.2)


def draw_nose(p: Painter, who: Identity, act: dict, lay: Layout) -> None:
    shade = who.skin * 0.72
    p.line([(0.02, lay.eye_y + 0.1), (0.05, lay.nose_y - 0.08)], who.skin * 0.88, 0.03, 0.3)
    flare = 0.08 + 0.02 * act["nose_wrinkle"]
    p.line(bezier((-flare - 0.05, lay.nose_y - 0.02), (flare + 0.05, lay.nose_y - 0.02),
                  (0, lay.nose_y + 0.06)), shade, 0.025, depth=0.35)
    for side in (-1, 1):
        p.polygon(ellipse(side * flare, lay.nose_y + 0.02, 0.04, 0.022, 12), shade * 0.7, 0.3)
    if act["nose_wrinkle"] > 0.3:
        strength = int(np.clip(act["nose_wrinkle"], 0, 1) * 200)
        for side in (-1, 1):
            for k in range(3):
                y = lay.eye_y + 0.12 + 0.05 * k
                p.line([(side * 0.04, y), (side * 0.12, y - 0.03)], shade * 0.8, 0.015, 0.3,
                       alpha=strength)


def draw_mouth(p: Painter, who: Identity, act: dict, lay: Layout) -> None:
    w, my, cy = lay.mouth_half_width, lay.mouth_y, lay.corner_y
    gap = 0.17 * max(act["mouth_open"], 0.0)
    lips = 0.055 * (1 - 0.6 * np.clip(act["lip_press"], 0, 1))
    raise_ = 0.05 * act["upper_lip"]
    left, right = (-w, cy), (w, cy)
    inner_up = bezier(left, right, (0, my - gap / 2 - raise_))
    inner_low = bezier(left, right, (0, my + gap / 2))
    outer_up = bezier(left, right, (0, my - gap / 2 - raise_ - lips * 0.8))
    outer_low = bezier(left, right, (0, my + gap / 2 + lips))
    lip_colour = who.skin * np.array([0.85, 0.6, 0.6])
    if gap > 0.01:
        p.polygon(np.concatenate([inner_up, inner_low[::-1]]), (70, 20, 25), 0.1)
        if act["smile"] > 0.3 or act["upper_lip"] > 0.4:
            teeth = bezier((-0.8 * w, cy), (0.8 * w, cy), (0, my - gap / 2 - raise_ + 0.05))
            p.polygon(np.concatenate([inner_up[2:-2], teeth[::-1]]), (235, 232, 220), 0.1)
    p.polygon(np.concatenate([outer_up, inner_up[::-1]]), lip_colour, 0.1)
    p.polygon(np.concatenate([inner_low, outer_low[::-1]]), lip_colour * 1.05, 0.1)
    p.line(inner_up, lip_colour * 0.55, 0.018, 0.1)


def draw_folds(p: Painter, who: Identity, act: dict, lay: Layout, rng) -> None:
    """Nasolabial folds (smile, disgust), frown lines (anger), forehead and age lines."""
    shade = who.skin * 0.7
    fold = max(act["cheek_raise"], 0.6 * act["upper_lip"], 0.15 * (who.age >= 3))
    if fold > 0.2:
        for side in (-1, 1):
            curve = bezier((side * 0.17, lay.nose_y - 0.02),
                           (side * (lay.mouth_half_width + 0.06), lay.corner_y + 0.06),
                           (side * (0.14 + 0.5 * lay.mouth_half_width), lay.nose_y + 0.12))
            p.line(curve, shade, 0.02, 0.1, alpha=int(min(fold, 1) * 220))
    if act["brow_inner"] < -0.3:
        for x in (-0.04, 0.04):
            p.line([(x, lay.eye_y - 0.3), (x * 0.7, lay.eye_y - 0.16)], shade, 0.015, 0.25,
                   alpha=int(min(-act["brow_inner"], 1) * 200))
    lines = max(act["brow_raise"] - 0.3, 0.0) + 0.3 * (who.age >= 3) + 0.4 * (who.age == 4)
    for k in range(3 if lines > 0.2 else 0):
        y = lay.eye_y - 0.42 - 0.07 * k
        p.line(bezier((-0.35, y), (0.35, y), (0, y - 0.03)), shade, 0.012, 0.2,
               alpha=int(min(lines, 1) * 170))
    if who.beard:
        p.polygon(np.concatenate([bezier((-0.9, lay.nose_y), (0.9, lay.nose_y),
                                         (0, lay.mouth_y + 0.1)),
                                  head_outline(who.head_aspect, who.jaw)[8:29]]),
                  who.hair, depth=None, alpha=int(rng.uniform(90, 200)))
