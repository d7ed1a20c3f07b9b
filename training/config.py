"""TrainConfig: every knob of a training run, stored whole in each checkpoint."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

LOSSES = ("softmax", "center", "lp")


@dataclass
class TrainConfig:
    release: str
    out: str
    loss: str = "lp"               # softmax | center | lp
    k: int = 20                    # LP loss: nearest same-class neighbours (paper: 20)
    lambda_: float = 0.003         # weight of the LP / center term (paper: 0.003)
    epochs: int = 30
    init: str | None = None        # checkpoint to warm-start from
    device: str = "auto"           # auto | cpu | cuda
    batch_size: int = 64
    lr: float = 0.01               # SGD, cosine decay to 0 over the run
    momentum: float = 0.9
    weight_decay: float = 5e-4
    lr_center: float = 0.5         # center-loss centres learn fast (Wen et al.'s alpha)
    dropout: float = 0.0           # 0 = Table 2 exactly
    augment: bool = True
    seed: int = 0
    subset: str = "basic"          # basic (7 classes) | compound (11)
    soft_labels: str | None = None # distribution file for soft cross-entropy targets
    max_steps: int | None = None   # stop early (smoke tests)

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise ValueError(f"expected loss in {LOSSES}, got {self.loss!r}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ValueError(f"expected device auto, cpu or cuda, got {self.device!r}")
        for name in ("k", "epochs", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"expected {name} >= 1, got {getattr(self, name)}")
        if self.lambda_ < 0 or self.lr <= 0:
            raise ValueError(f"expected lambda >= 0 and lr > 0, got {self.lambda_}, {self.lr}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "TrainConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in known})
