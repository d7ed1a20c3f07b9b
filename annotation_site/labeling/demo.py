"""Demo data: procedurally drawn faces and simulated annotators voting through the services.

The faces come from `training.synth` (the generator the training tests use) and the crowd
from `reliability.simulation` (GLAD-model annotators with a spread of reliabilities, spammers
and adversaries included). Votes go through `task_next` and `vote_submit`, the same services
the API calls, so the demo exercises the real assignment rules.
"""
from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import transaction

from annotation_site.accounts.models import Role, User
from annotation_site.accounts.services import user_create
from annotation_site.labeling import services
from annotation_site.labeling.importing import image_create
from annotation_site.labeling.models import Image

DEMO_PASSWORD = "facecrowd-demo"


def _user(username: str, role: str) -> User:
    existing = User.objects.filter(username=username).first()
    return existing or user_create(username=username, password=DEMO_PASSWORD, role=role)


def demo_users(n_annotators: int) -> list[User]:
    """annotator01..NN, admin and researcher (kept if they exist); returns the annotators."""
    _user("admin", Role.ADMIN)
    _user("researcher", Role.RESEARCHER)
    return [_user(f"annotator{i:02d}", Role.ANNOTATOR) for i in range(1, n_annotators + 1)]


def demo_images(n: int, rng: np.random.Generator, progress: Callable[[str], None]) -> list[Image]:
    from training.synth import draw_face, sample_expression  # heavy imports only when seeding

    images = []
    for i in range(n):
        expression = sample_expression(rng, compound_fraction=0.2)
        face = draw_face(expression, rng, size=256)
        beta = float(np.exp(rng.normal(0.3, 0.5)))  # per-image easiness (1/difficulty), GLAD's beta
        buffer = io.BytesIO()
        face.image.save(buffer, format="PNG", optimize=True)
        image = image_create(
            data=buffer.getvalue(), source=f"synthetic/{i:06d}.png", face_box=list(map(int, face.box)),
            landmarks=np.round(face.landmarks, 2).tolist(),
            attributes={**face.attributes, "synthetic_expression": np.round(expression, 4).tolist(), "synthetic_beta": round(beta, 4)},
        )
        if image is not None:
            images.append(image)
        if (i + 1) % max(1, n // 10) == 0:
            progress(f"faces: {i + 1}/{n}")
    return images


def demo_votes(annotators: list[User], votes_wanted: int, seed: int, progress: Callable[[str], None]) -> int:
    """Simulated annotators ask for work and vote until `votes_wanted` votes are in."""
    from reliability.simulation import CrowdSimulator

    crowd = CrowdSimulator(len(annotators), random_state=seed)
    rng = np.random.default_rng(seed + 1)
    done, active = 0, list(range(len(annotators)))
    while done < votes_wanted and active:
        for index in rng.permutation(active):
            lease = services.task_next(annotator=annotators[index])
            if lease is None:
                active.remove(index)
                continue
            attributes = lease.image.attributes
            label = crowd.label(int(index), np.array(attributes["synthetic_expression"]), attributes["synthetic_beta"], rng)
            services.vote_submit(annotator=annotators[index], image_id=lease.image_id, label=label + 1,
                                 time_taken_ms=int(rng.gamma(4.0, 600.0)))
            done += 1
            if done % max(1, votes_wanted // 10) == 0:
                progress(f"votes: {done}/{votes_wanted}")
            if done == votes_wanted:
                break
    return done


def demo_seed(*, n_images: int, n_annotators: int, votes_per_image: int, seed: int = 0,
              progress: Callable[[str], None] = lambda _: None) -> int:
    """Create demo users, faces and votes; returns the number of votes.

    Raises ValueError when the numbers cannot work.
    """
    target = settings.FACECROWD["LABELS_PER_IMAGE"]
    if votes_per_image > n_annotators:
        raise ValueError(f"expected --votes-per-image <= --annotators ({n_annotators}), got {votes_per_image}")
    if votes_per_image > target:
        raise ValueError(f"expected --votes-per-image <= FACECROWD_LABELS_PER_IMAGE ({target}), got {votes_per_image}")
    if min(n_images, n_annotators) < 1 or votes_per_image < 0:
        raise ValueError("expected --images >= 1, --annotators >= 1 and --votes-per-image >= 0")
    annotators = demo_users(n_annotators)
    images = demo_images(n_images, np.random.default_rng(seed), progress)
    # One outer transaction: each service call becomes a savepoint, and the embedded SQLite
    # commits once instead of once per vote (minutes become seconds).
    with transaction.atomic():
        return demo_votes(annotators, len(images) * votes_per_image, seed, progress)
