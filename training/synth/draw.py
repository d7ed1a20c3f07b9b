"""draw_face: one unaligned synthetic photo with its landmarks, box and attributes."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from training.synth.expression import action_controls, check_expression
from training.synth.geometry import Projector, head_outline
from training.synth.identity import Identity, Scene, sample_identity, sample_scene
from training.synth.occluders import draw_occlusion
from training.synth.parts import (Painter, draw_brow, draw_eye, draw_folds, draw_hair_top,
                                  draw_head, draw_mouth, draw_nose, make_layout)

SUPERSAMPLE = 2  # draw at 2x and downsample: cheap anti-aliasing for polygon edges


@dataclass
class SyntheticFace:
    image: Image.Image                 # RGB, size x size, face not centred
    landmarks: np.ndarray              # 5x2 pixels: left eye, right eye, nose, mouth L, mouth R
    box: tuple[int, int, int, int]     # x, y, w, h of the head
    expression: np.ndarray             # the 7-vector that was drawn
    attributes: dict = field(default_factory=dict)


def draw_face(expression: np.ndarray, rng: np.random.Generator, size: int = 256,
              identity: Identity | None = None) -> SyntheticFace:
    """Render `expression` (7-vector, RAF-DB order) on a random (or given) identity."""
    expression = check_expression(expression)
    who = identity if identity is not None else sample_identity(rng)
    scene = sample_scene(rng, size)
    act = action_controls(expression, rng, who.resting)
    lay = make_layout(who, act)
    big = size * SUPERSAMPLE
    project = Projector(scene.yaw, scene.roll, scene.scale * SUPERSAMPLE,
                        tuple(c * SUPERSAMPLE for c in scene.centre))
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    painter = Painter(ImageDraw.Draw(layer, "RGBA"), project)
    _paint(painter, who, act, lay, scene, rng)
    canvas = _background(rng, big)
    canvas.alpha_composite(layer)
    image = canvas.convert("RGB").resize((size, size), Image.LANCZOS)
    image = _photometric(image, scene, rng)
    landmarks = np.stack([project(pt, depth)[0] for pt, depth in lay.landmarks()])
    outline = project(head_outline(who.head_aspect, who.jaw), None) / SUPERSAMPLE
    return SyntheticFace(image=image, landmarks=landmarks / SUPERSAMPLE,
                         box=_box(outline, size), expression=expression,
                         attributes=_attributes(who, scene))


def _paint(p: Painter, who: Identity, act: dict, lay, scene: Scene, rng) -> None:
    draw_head(p, who, clothes=rng.uniform(20, 230, 3))
    draw_folds(p, who, act, lay, rng)
    draw_nose(p, who, act, lay)
    draw_mouth(p, who, act, lay)
    gaze = rng.normal(0, 0.025, 2)
    for side in (-1, 1):
        draw_eye(p, who, act, side * lay.eye_x, lay.eye_y, gaze)
        draw_brow(p, who, act, side * lay.eye_x, lay.eye_y, side)
    draw_hair_top(p, who, rng)
    draw_occlusion(scene.occlusion, p, who, lay, rng)


def _background(rng: np.random.Generator, size: int) -> Image.Image:
    """A colour gradient with a few blurred blobs: clutter that is not a face."""
    ramp = np.linspace(0, 1, size)
    a, b = rng.uniform(30, 230, 3), rng.uniform(30, 230, 3)
    t = ramp[None, :, None] if rng.random() < 0.5 else ramp[:, None, None]
    pixels = (a * (1 - t) + b * t) * np.ones((size, size, 1))
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(rng.integers(0, 6)):
        x, y = rng.uniform(0, size, 2)
        r = rng.uniform(0.05, 0.3) * size
        draw.ellipse([x - r, y - r, x + r, y + r * rng.uniform(0.3, 2)],
                     fill=tuple(int(v) for v in rng.uniform(20, 235, 3)))
    return image.filter(ImageFilter.GaussianBlur(size / 60)).convert("RGBA")


def _photometric(image: Image.Image, scene: Scene, rng) -> Image.Image:
    """Directional light, exposure, colour cast, blur, sensor noise, sometimes greyscale."""
    if scene.blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(scene.blur))
    pixels = np.asarray(image, dtype=np.float32)
    size = pixels.shape[0]
    yy, xx = np.mgrid[0:size, 0:size] / size - 0.5
    direction = np.array([np.cos(scene.light_angle), np.sin(scene.light_angle)])
    shade = 1.0 + 2.0 * scene.light_strength * (xx * direction[0] + yy * direction[1])
    cast = rng.uniform(0.9, 1.1, 3)
    mean = pixels.mean()
    pixels = ((pixels - mean) * scene.contrast + mean) * scene.brightness
    pixels = pixels * shade[..., None] * cast + rng.normal(0, scene.noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.15:
        image = image.convert("L").convert("RGB")
    return image


def _box(outline: np.ndarray, size: int) -> tuple[int, int, int, int]:
    lo = np.clip(np.floor(outline.min(axis=0)), 0, size - 1).astype(int)
    hi = np.clip(np.ceil(outline.max(axis=0)), 0, size - 1).astype(int)
    return int(lo[0]), int(lo[1]), int(hi[0] - lo[0]), int(hi[1] - lo[1])


def _attributes(who: Identity, scene: Scene) -> dict:
    return {"gender": who.gender, "race": who.race, "age": who.age,
            "yaw_deg": round(float(np.rad2deg(scene.yaw)), 1),
            "roll_deg": round(float(np.rad2deg(scene.roll)), 1),
            "occlusion": scene.occlusion}
