"""run_training: config -> trained model, a checkpoint per epoch and a metrics history."""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

import torch
from tqdm import tqdm

from training.checkpoint import load_checkpoint, save_checkpoint
from training.classes import class_names
from training.config import TrainConfig
from training.data import load_release
from training.dataset import InMemorySplit
from training.engine import (make_aux_loss, make_optimizer, pick_device, predict,
                             seed_everything, train_step)
from training.metrics import summarize
from training.models import BaseDCNN

CHECKPOINT = "checkpoint.pt"


def build_model(config: TrainConfig, num_classes: int, device: torch.device):
    """Model + auxiliary loss, warm-started from config.init when given."""
    model = BaseDCNN(num_classes=num_classes, dropout=config.dropout)
    aux = make_aux_loss(config, num_classes)
    if config.init:
        state = load_checkpoint(config.init, num_classes=num_classes)
        model.load_state_dict(state["model"])
        # Centres carry over only between center-loss runs; LP loss has no state.
        if isinstance(state.get("aux"), dict) and aux is not None and state["aux"]:
            aux.load_state_dict(state["aux"])
    model.to(device)
    if device.type == "cuda":
        model.to(memory_format=torch.channels_last)
    if aux is not None:
        aux.to(device)
    return model, aux


def evaluate_split(model, split: InMemorySplit, device, num_classes: int) -> dict:
    logits, _ = predict(model, split, device)
    return summarize(split.labels.numpy(), logits.argmax(1).numpy(), num_classes,
                     class_names(num_classes))


def run_training(config: TrainConfig) -> dict:
    seed_everything(config.seed)
    device = pick_device(config.device)
    release = load_release(config.release, config.subset)
    model, aux = build_model(config, release.num_classes, device)  # refuses a bad --init early
    train, test = (InMemorySplit(release, part, config.soft_labels if part == "train" else None)
                   for part in ("train", "test"))
    optimizer = make_optimizer(model, aux, config)
    steps_per_epoch = max(1, len(train) // config.batch_size)
    total = steps_per_epoch * config.epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, total) / total)))
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    identity = {"release_id": release.release_id, "manifest_hash": release.manifest_hash()}
    generator = torch.Generator().manual_seed(config.seed)
    history, step = [], 0
    for epoch in range(1, config.epochs + 1):
        step, train_stats = _train_epoch(model, aux, optimizer, schedule, train, config,
                                         device, generator, epoch, step)
        metrics = evaluate_split(model, test, device, release.num_classes)
        history.append({"epoch": epoch, **train_stats, "test_mean_diagonal":
                        metrics["mean_diagonal"], "test_accuracy": metrics["accuracy"]})
        tqdm.write(json.dumps(history[-1]))
        save_checkpoint(out / CHECKPOINT, model, aux, config=config.to_dict(), epoch=epoch,
                        metrics=metrics, history=history, **identity)
        if config.max_steps is not None and step >= config.max_steps:
            break
    return {"checkpoint": str(out / CHECKPOINT), "epochs": len(history),
            "mean_diagonal": metrics["mean_diagonal"], "accuracy": metrics["accuracy"],
            "history": history, **identity}


def _train_epoch(model, aux, optimizer, schedule, train, config, device, generator, epoch,
                 step):
    model.train()
    sums, seen, started = {}, 0, time.perf_counter()
    bar = tqdm(train.batches(config.batch_size, generator, drop_last=True),
               total=len(train) // config.batch_size, desc=f"epoch {epoch}", unit="batch",
               leave=False)
    for batch in bar:
        stats = train_step(model, aux, optimizer, batch, config, device, generator)
        schedule.step()
        step += 1
        seen += len(batch[1])
        for key, value in stats.items():
            sums[key] = sums.get(key, 0.0) + value
        bar.set_postfix(loss=f"{stats['loss']:.3f}", acc=f"{stats['acc']:.2f}")
        if config.max_steps is not None and step >= config.max_steps:
            break
    count = max(1, bar.n)
    stats = {f"train_{key}": value / count for key, value in sums.items()}
    stats["images_per_s"] = seen / (time.perf_counter() - started)
    return step, stats
