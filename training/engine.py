"""Training building blocks: device, seeds, losses, optimiser, one step, batch prediction.

CPU by default here; on CUDA the model runs channels_last under bf16 autocast (the losses
compute in float32 either way).
"""
from __future__ import annotations

import contextlib
import random

import numpy as np
import torch
import torch.nn.functional as F

from training.config import TrainConfig
from training.dataset import InMemorySplit, augment, to_input
from training.losses import CenterLoss, LocalityPreservingLoss
from training.models import FEATURE_DIM


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError("expected a CUDA device for --device cuda, got none")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def autocast(device: torch.device):
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def prepare(images: torch.Tensor, device: torch.device) -> torch.Tensor:
    images = images.to(device, non_blocking=True)
    if device.type == "cuda":
        images = images.contiguous(memory_format=torch.channels_last)
    return images


def make_aux_loss(config: TrainConfig, num_classes: int) -> torch.nn.Module | None:
    if config.loss == "lp":
        return LocalityPreservingLoss(config.k)
    if config.loss == "center":
        return CenterLoss(num_classes, FEATURE_DIM)
    return None


def make_optimizer(model, aux, config: TrainConfig) -> torch.optim.Optimizer:
    groups = [{"params": model.parameters(), "lr": config.lr,
               "weight_decay": config.weight_decay}]
    if aux is not None and any(True for _ in aux.parameters()):
        groups.append({"params": aux.parameters(), "lr": config.lr_center, "weight_decay": 0.0})
    return torch.optim.SGD(groups, momentum=config.momentum)


def train_step(model, aux, optimizer, batch, config: TrainConfig, device, generator) -> dict:
    """One optimisation step on a uint8 batch; returns floats for the progress bar."""
    images, labels, targets = batch
    x = augment(images, generator) if config.augment else to_input(images)
    x, labels = prepare(x, device), labels.to(device)
    with autocast(device):
        logits, feats = model.forward_with_features(x)
    soft = targets.to(device) if targets is not None else labels
    ce = F.cross_entropy(logits.float(), soft)
    aux_value = aux(feats, labels) if aux is not None else torch.zeros((), device=device)
    loss = ce + config.lambda_ * aux_value
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    correct = (logits.argmax(1) == labels).float().mean()
    return {"loss": loss.item(), "ce": ce.item(), "aux": aux_value.item(), "acc": correct.item()}


@torch.no_grad()
def predict(model, split: InMemorySplit, device, batch_size: int = 128):
    """(logits, deep features) for a whole split with the eval transform."""
    model.eval()
    logits, feats = [], []
    for images, _, _ in split.batches(batch_size):
        with autocast(device):
            out, feat = model.forward_with_features(prepare(to_input(images), device))
        logits.append(out.float().cpu())
        feats.append(feat.float().cpu())
    return torch.cat(logits), torch.cat(feats)
