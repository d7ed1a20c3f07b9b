"""Tensors for training: a split held in memory as uint8, batches, and batch-wise transforms.

Aligned faces are small (100x100x3 = 30 KB; all of RAF-DB's 15k basic images is 0.45 GB as
uint8), so a split is loaded once and augmented on whole batches with torch ops: one
affine_grid call per batch is much cheaper than per-image PIL work on a 2-core machine.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from training.data import Release, load_split, read_soft_labels

MEAN, STD = 0.5, 0.25  # fixed, data-independent normalisation (same for train and eval)


class InMemorySplit:
    def __init__(self, release: Release, part: str, soft_labels: str | None = None):
        images, labels, self.items = load_split(release, part)
        self.images = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()  # N,3,H,W
        self.labels = torch.from_numpy(labels)
        self.targets = None
        if soft_labels:
            soft = read_soft_labels(soft_labels, self.items, release.num_classes)
            self.targets = torch.from_numpy(soft).float()

    def __len__(self) -> int:
        return len(self.labels)

    def batches(self, batch_size: int, generator: torch.Generator | None = None,
                drop_last: bool = False):
        """Yields (uint8 images, labels, soft targets or None); shuffled if a generator is given."""
        n = len(self)
        order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
        stop = n - n % batch_size if drop_last and n >= batch_size else n
        for start in range(0, stop, batch_size):
            index = order[start:start + batch_size]
            targets = self.targets[index] if self.targets is not None else None
            yield self.images[index], self.labels[index], targets


def to_input(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N,3,H,W) -> normalised float: the eval transform."""
    return (images.float() / 255.0 - MEAN) / STD


def augment(images: torch.Tensor, generator: torch.Generator, max_rotation: float = 10.0,
            max_shift: float = 0.06, scale: tuple[float, float] = (0.92, 1.08),
            jitter: float = 0.2) -> torch.Tensor:
    """Train transform on a uint8 batch: flip, small rotation/scale/shift crop, colour jitter."""
    x = images.float() / 255.0
    n = x.shape[0]
    rand = lambda *shape: torch.rand(*shape, generator=generator)  # noqa: E731
    flip = rand(n) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(-1), x)
    angle = (rand(n) * 2 - 1) * math.radians(max_rotation)
    zoom = scale[0] + rand(n) * (scale[1] - scale[0])
    shift = (rand(n, 2) * 2 - 1) * max_shift * 2  # affine_grid works in [-1, 1] units
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1),
                         torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    x = _colour_jitter(x, rand, jitter)
    return (x.clamp(0, 1) - MEAN) / STD


def _colour_jitter(x: torch.Tensor, rand, strength: float) -> torch.Tensor:
    n = x.shape[0]
    factor = lambda: 1 + (rand(n, 1, 1, 1) * 2 - 1) * strength  # noqa: E731
    grey = (x * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(1, keepdim=True)
    x = grey + (x - grey) * factor()                                   # saturation
    x = x.mean(dim=(1, 2, 3), keepdim=True) + (x - x.mean(dim=(1, 2, 3), keepdim=True)) * factor()
    return x * factor()                                                # brightness
