"""Training throughput of baseDCNN with softmax, center and LP loss (images/s per step).

    .venv/bin/python bench/train_throughput.py [--batch 64] [--steps 6] [--device cpu|cuda]

Random 100x100 inputs, full optimisation steps (forward, backward, SGD). The three losses
are timed in interleaved rounds so that load from other processes hits them alike; the
median round is reported. LP overhead is given two ways: the step-time difference to
softmax, and the LP loss's own forward+backward time measured in isolation on the same
feature batch (less noisy on a shared machine). On CUDA: bf16 autocast, channels_last.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.config import TrainConfig  # noqa: E402
from training.engine import make_aux_loss, make_optimizer, train_step  # noqa: E402
from training.losses import LocalityPreservingLoss  # noqa: E402
from training.models import BaseDCNN  # noqa: E402


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def make_runner(loss: str, device: torch.device, batch: int):
    config = TrainConfig(release="-", out="-", loss=loss, augment=False, batch_size=batch)
    model = BaseDCNN(7).to(device)
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last)
    aux = make_aux_loss(config, 7)
    aux = aux.to(device) if aux is not None else None
    optimizer = make_optimizer(model, aux, config)
    images = torch.randint(0, 256, (batch, 3, 100, 100), dtype=torch.uint8)
    labels = torch.arange(batch) % 7  # ~batch/7 per class, like a balanced mini-batch
    generator = torch.Generator().manual_seed(0)

    def step() -> None:
        train_step(model, aux, optimizer, (images, labels, None), config, device, generator)
    return step


def time_steps(step, device, steps: int) -> float:
    sync(device)
    started = time.perf_counter()
    for _ in range(steps):
        step()
    sync(device)
    return (time.perf_counter() - started) / steps


def lp_alone(device: torch.device, batch: int, repeats: int = 20) -> float:
    """Seconds for LP loss forward + backward on a (batch, 2000) feature batch."""
    feats = torch.randn(batch, 2000, device=device, requires_grad=True)
    labels = (torch.arange(batch) % 7).to(device)
    loss_fn = LocalityPreservingLoss(20)
    loss_fn(feats, labels).backward()  # warm-up
    sync(device)
    started = time.perf_counter()
    for _ in range(repeats):
        loss_fn(feats, labels).backward()
    sync(device)
    return (time.perf_counter() - started) / repeats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=None, help="64 on CPU, 256 on CUDA")
    parser.add_argument("--steps", type=int, default=3, help="steps per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    device = torch.device(args.device)
    batch = args.batch or (256 if device.type == "cuda" else 64)
    torch.manual_seed(0)
    runners = {loss: make_runner(loss, device, batch) for loss in ("softmax", "center", "lp")}
    for step in runners.values():
        step()  # warm-up (allocations, autotuning)
    rounds = {loss: [] for loss in runners}
    for _ in range(args.rounds):
        for loss, step in runners.items():
            rounds[loss].append(time_steps(step, device, args.steps))
    seconds = {loss: statistics.median(times) for loss, times in rounds.items()}
    print(f"device={device} threads={torch.get_num_threads()} batch={batch} "
          f"steps={args.steps}x{args.rounds}")
    for loss, sec in seconds.items():
        print(f"{loss:8s} {batch / sec:7.1f} images/s  ({sec * 1000:.0f} ms/step)")
    diff = (seconds["lp"] - seconds["softmax"]) / seconds["lp"]
    alone = lp_alone(device, batch)
    print(f"LP overhead vs softmax: step-time difference {100 * diff:+.1f}% of the LP step; "
          f"LP loss alone {alone * 1000:.1f} ms = {100 * alone / seconds['lp']:.2f}% of the step")
    if device.type != "cuda":
        print("GPU: not measured (no CUDA device available in this run)")


if __name__ == "__main__":
    main()
