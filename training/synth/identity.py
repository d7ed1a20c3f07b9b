"""Identity (who), pose, lighting and occlusion sampling for the procedural faces.

Attribute codes follow RAF-DB's manual annotation: gender 0 male / 1 female / 2 unsure,
race 0 Caucasian / 1 African-American / 2 Asian (here only a skin-tone palette group),
age 0: 0-3, 1: 4-19, 2: 20-39, 3: 40-69, 4: 70+.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from training.synth.expression import resting_face

# (base RGB, jitter) per race code: a palette, nothing more is implied.
_SKIN = {0: ((236, 200, 175), 18), 1: ((125, 85, 60), 22), 2: ((228, 190, 150), 16)}
_HAIR = ((30, 25, 20), (70, 45, 25), (120, 80, 40), (200, 170, 110), (150, 60, 30))
_GREY_HAIR = (185, 185, 185)
_IRIS = ((60, 40, 25), (40, 90, 140), (70, 110, 60), (25, 20, 15))
OCCLUSIONS = ("none", "glasses", "sunglasses", "hand", "hat")
_OCCLUSION_P = (0.55, 0.15, 0.08, 0.12, 0.10)


@dataclass
class Identity:
    gender: int
    race: int
    age: int
    skin: np.ndarray          # RGB float
    hair: tuple[int, int, int]
    iris: tuple[int, int, int]
    head_aspect: float        # half-height / half-width
    jaw: float                # superellipse exponent of the lower face (2 round .. 3 square)
    eye_spacing: float
    eye_size: float
    brow_thickness: float
    mouth_size: float
    long_hair: bool
    beard: bool
    resting: np.ndarray


def sample_identity(rng: np.random.Generator) -> Identity:
    gender = int(rng.choice(3, p=(0.45, 0.45, 0.10)))
    race = int(rng.choice(3, p=(0.6, 0.15, 0.25)))
    age = int(rng.choice(5, p=(0.05, 0.17, 0.5, 0.22, 0.06)))
    base, jitter = _SKIN[race]
    skin = np.clip(np.array(base) + rng.normal(0, jitter, 3), 30, 255)
    grey = age == 4 or (age == 3 and rng.random() < 0.4)
    hair = _GREY_HAIR if grey else _HAIR[rng.integers(len(_HAIR))]
    if race in (1, 2) and not grey:
        hair = _HAIR[0]
    child = age <= 1
    return Identity(
        gender=gender, race=race, age=age, skin=skin, hair=tuple(hair),
        iris=_IRIS[rng.integers(len(_IRIS))],
        head_aspect=rng.uniform(1.15, 1.3) if child else rng.uniform(1.2, 1.45),
        jaw=rng.uniform(2.0, 2.4) if gender == 1 else rng.uniform(2.2, 3.0),
        eye_spacing=rng.uniform(0.34, 0.42), eye_size=rng.uniform(0.8, 1.2) * (1.15 if child else 1),
        brow_thickness=rng.uniform(0.04, 0.08) * (1.3 if gender == 0 else 1.0),
        mouth_size=rng.uniform(0.85, 1.15),
        long_hair=bool(rng.random() < (0.75 if gender == 1 else 0.15)),
        beard=bool(gender == 0 and age >= 2 and rng.random() < 0.3),
        resting=resting_face(rng),
    )


@dataclass
class Scene:
    yaw: float                # radians, + turns the face to the image's right
    roll: float               # radians
    scale: float              # face half-width in output pixels
    centre: tuple[float, float]
    light_angle: float
    light_strength: float
    brightness: float
    contrast: float
    blur: float
    noise: float
    occlusion: str


def sample_scene(rng: np.random.Generator, size: int) -> Scene:
    scale = size * rng.uniform(0.16, 0.26)
    # Keep the face (about 1.5 half-widths tall each way) mostly inside the frame, off-centre.
    margin = 1.4 * scale
    centre = (rng.uniform(margin, size - margin), rng.uniform(margin, size - margin))
    return Scene(
        yaw=np.deg2rad(rng.uniform(-30, 30)), roll=np.deg2rad(rng.normal(0, 10)),
        scale=scale, centre=centre, light_angle=rng.uniform(0, 2 * np.pi),
        light_strength=rng.uniform(0.0, 0.45), brightness=rng.uniform(0.75, 1.2),
        contrast=rng.uniform(0.7, 1.2), blur=float(rng.choice([0.0, rng.uniform(0.3, 1.6)])),
        noise=rng.uniform(0.0, 9.0),
        occlusion=str(rng.choice(OCCLUSIONS, p=_OCCLUSION_P)),
    )
