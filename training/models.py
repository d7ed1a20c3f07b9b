"""baseDCNN, the paper's Table 2, on 3x100x100 aligned faces.

    conv3-64, pool2, conv3-96, pool2, conv3-128, conv3-128, pool2, conv3-256, conv3-256,
    FC 2000, FC num_classes   (every conv: stride 1, pad 1, ReLU; pools: 2x2, stride 2)

100 -> 50 -> 25 -> 12 (floor), so the first FC sees 256 x 12 x 12 = 36,864 inputs.
The 2000-d output of FC 2000 after its ReLU is the deep feature (DeCaf, the LP loss's x_i).
"""
from __future__ import annotations

import torch
from torch import nn

ARCHITECTURE = "baseDCNN-table2"
INPUT_SIZE = 100
FEATURE_DIM = 2000


def _conv(cin: int, cout: int) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, kernel_size=3, stride=1, padding=1), nn.ReLU(inplace=True)]


class BaseDCNN(nn.Module):
    architecture = ARCHITECTURE

    def __init__(self, num_classes: int = 7, dropout: float = 0.0):
        super().__init__()
        self.num_classes = num_classes
        pool = lambda: nn.MaxPool2d(kernel_size=2, stride=2)  # noqa: E731
        self.convs = nn.Sequential(
            *_conv(3, 64), pool(), *_conv(64, 96), pool(),
            *_conv(96, 128), *_conv(128, 128), pool(),
            *_conv(128, 256), *_conv(256, 256),
        )
        spatial = INPUT_SIZE // 2 // 2 // 2
        # Dropout is not in Table 2 (default 0 = the table exactly); it is an option for long
        # runs, since the first FC alone holds 74M weights.
        self.fc = nn.Sequential(nn.Flatten(), nn.Dropout(dropout),
                                nn.Linear(256 * spatial * spatial, FEATURE_DIM),
                                nn.ReLU(inplace=True))
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(FEATURE_DIM, num_classes))
        self._init_weights()

    def _init_weights(self) -> None:
        # torchvision's VGG recipe: He init for convs, N(0, 0.01) for FCs. He init on the
        # 36,864-input FC would start with huge logits (no batch norm in Table 2).
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, 0.0, 0.01)
                nn.init.zeros_(module.bias)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 3, 100, 100) -> (N, 2000) deep features (after the FC's ReLU)."""
        return self.fc(self.convs(x))

    def forward_with_features(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        feats = self.features(x)
        return self.classifier(feats), feats

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))
