"""Locality-preserving loss (the paper's eq. 3-4) and center loss (Wen et al. 2016).

Both act on the 2000-d deep features x_i; the total loss is L_softmax + lambda * L_aux.
"""
from __future__ import annotations

import torch
from torch import nn


class LocalityPreservingLoss(nn.Module):
    """L_lp = 1/2 * mean_i ||x_i - c_i||^2 over samples with a same-class neighbour in the batch.

    c_i is the mean of the min(k, n_c - 1) nearest same-class batch neighbours of x_i
    (Euclidean, excluding i; ties broken by batch index), computed without gradient, so
    dL/dx_i = (x_i - c_i) / M, the paper's eq. 4 divided by the M contributing samples.
    """

    def __init__(self, k: int = 20):
        super().__init__()
        if k < 1:
            raise ValueError(f"expected k >= 1, got {k}")
        self.k = k

    @torch.no_grad()
    def neighbour_means(self, features: torch.Tensor, labels: torch.Tensor):
        """(c, has_neighbour): per-sample neighbour means (N, d) and a (N,) mask."""
        x = features.detach().float()
        n = x.shape[0]
        # The non-matmul path gives exact distances, so equal distances really tie.
        dist = torch.cdist(x, x, compute_mode="donot_use_mm_for_euclid_dist")
        same = labels[:, None] == labels[None, :]
        same.fill_diagonal_(False)
        dist = dist.masked_fill(~same, float("inf"))
        width = min(self.k, n - 1)
        nearest = torch.sort(dist, dim=1, stable=True).indices[:, :width]
        counts = same.sum(dim=1)
        per_row = counts.clamp(max=self.k)  # min(k, n_c - 1) <= width
        chosen = torch.arange(width, device=x.device)[None, :] < per_row[:, None]
        weights = torch.zeros(n, n, device=x.device, dtype=x.dtype)
        weights.scatter_(1, nearest, chosen.to(x.dtype))
        weights = weights / per_row.clamp(min=1)[:, None].to(x.dtype)
        return weights @ x, counts > 0

    def forward(self, features: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        centres, has_neighbour = self.neighbour_means(features, labels)
        if not bool(has_neighbour.any()):
            return features.sum() * 0.0  # keeps the graph (and dtype) for backward
        diff = features.float()[has_neighbour] - centres[has_neighbour]
        return 0.5 * diff.pow(2).sum(dim=1).mean()


class CenterLoss(nn.Module):
    """L_c = 1/2 * mean_i ||x_i - c_{y_i}||^2 with learnable class centres c (K, d).

    The centres are parameters: put them in their own optimiser group (larger lr, no weight
    decay), the usual stand-in for Wen et al.'s alpha-rate centre update.
    """

    def __init__(self, num_classes: int, feature_dim: int):
        super().__init__()
        self.centers = nn.Parameter(torch.zeros(num_classes, feature_dim))

    def forward(self, features: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        diff = features.float() - self.centers[labels]
        return 0.5 * diff.pow(2).sum(dim=1).mean()
