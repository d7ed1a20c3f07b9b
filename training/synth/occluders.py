"""Occluders drawn over the face: glasses, sunglasses, a hand, a hat (RAF-DB's usual ones)."""
from __future__ import annotations

import numpy as np

from training.synth.geometry import ellipse
from training.synth.identity import Identity
from training.synth.parts import Layout, Painter


def draw_occlusion(kind: str, p: Painter, who: Identity, lay: Layout, rng) -> None:
    drawers = {"glasses": _glasses, "sunglasses": _sunglasses, "hand": _hand, "hat": _hat}
    if kind in drawers:
        drawers[kind](p, who, lay, rng)


def _glasses(p: Painter, who: Identity, lay: Layout, rng) -> None:
    frame = rng.uniform(10, 90, 3)
    radius = rng.uniform(0.17, 0.23)
    for side in (-1, 1):
        ring = ellipse(side * lay.eye_x, lay.eye_y, radius, radius * 0.8, 32)
        p.line(np.concatenate([ring, ring[:2]]), frame, 0.03, depth=0.3)
    p.line([(-lay.eye_x + radius, lay.eye_y - 0.03), (lay.eye_x - radius, lay.eye_y - 0.03)],
           frame, 0.03, depth=0.35)


def _sunglasses(p: Painter, who: Identity, lay: Layout, rng) -> None:
    lens = rng.uniform(5, 50, 3)
    for side in (-1, 1):
        p.polygon(ellipse(side * lay.eye_x, lay.eye_y + 0.01, 0.22, 0.16, 32), lens,
                  depth=0.3, alpha=int(rng.uniform(215, 250)))
    p.line([(-lay.eye_x + 0.2, lay.eye_y - 0.04), (lay.eye_x - 0.2, lay.eye_y - 0.04)],
           lens, 0.03, depth=0.35)


def _hand(p: Painter, who: Identity, lay: Layout, rng) -> None:
    """A palm with four fingers somewhere on the lower half or the side of the face."""
    skin = who.skin * rng.uniform(0.9, 1.08)
    cx = rng.uniform(-0.8, 0.8)
    cy = rng.uniform(lay.nose_y, lay.mouth_y + 0.45)
    angle = rng.uniform(-0.6, 0.6) + (np.pi if rng.random() < 0.3 else 0.0)
    direction = np.array([np.sin(angle), -np.cos(angle)])
    across = np.array([direction[1], -direction[0]])
    p.polygon(ellipse(cx, cy, 0.3, 0.3, 28), skin, depth=0.5)
    for k, length in enumerate((0.32, 0.38, 0.36, 0.3)):
        base = np.array([cx, cy]) + across * (k - 1.5) * 0.13 + direction * 0.15
        p.line([base, base + direction * length], skin * 0.97, 0.11, depth=0.5)
        p.line([base + direction * (length - 0.02), base + direction * (length - 0.01)],
               skin * 0.75, 0.1, depth=0.5, alpha=120)


def _hat(p: Painter, who: Identity, lay: Layout, rng) -> None:
    colour = rng.uniform(20, 220, 3)
    brim = lay.eye_y - rng.uniform(0.3, 0.5)
    a = who.head_aspect
    p.polygon([(-1.15, brim), (1.15, brim), (0.95, -1.25 * a), (-0.95, -1.25 * a)],
              colour, depth=None)
    p.polygon(ellipse(0, brim, 1.35, 0.09, 32), colour * 0.8, depth=None)
