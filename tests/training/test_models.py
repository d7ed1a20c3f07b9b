import torch

from training.models import FEATURE_DIM, BaseDCNN


def table2_parameter_count(num_classes: int) -> int:
    """Weights + biases of Table 2, written out layer by layer."""
    convs = [(3, 64), (64, 96), (96, 128), (128, 128), (128, 256), (256, 256)]
    total = sum(cin * cout * 9 + cout for cin, cout in convs)
    total += 256 * 12 * 12 * 2000 + 2000          # FC 2000 on the 12x12x256 map
    return total + 2000 * num_classes + num_classes


def test_shapes_and_feature_after_relu():
    model = BaseDCNN(num_classes=7).eval()
    x = torch.randn(2, 3, 100, 100)
    with torch.no_grad():
        logits, feats = model.forward_with_features(x)
        assert model(x).shape == (2, 7)
        assert torch.allclose(model.features(x), feats)
    assert logits.shape == (2, 7) and feats.shape == (2, FEATURE_DIM)
    assert (feats >= 0).all()  # taken after the FC's ReLU


def test_conv_stack_matches_table2_layout():
    model = BaseDCNN()
    convs = [m for m in model.convs if isinstance(m, torch.nn.Conv2d)]
    assert [c.out_channels for c in convs] == [64, 96, 128, 128, 256, 256]
    assert all(c.kernel_size == (3, 3) and c.padding == (1, 1) and c.stride == (1, 1)
               for c in convs)
    pools = [m for m in model.convs if isinstance(m, torch.nn.MaxPool2d)]
    assert len(pools) == 3
    with torch.no_grad():
        assert model.convs(torch.zeros(1, 3, 100, 100)).shape == (1, 256, 12, 12)


def test_parameter_count_matches_table2():
    for classes in (7, 11):
        model = BaseDCNN(num_classes=classes)
        assert sum(p.numel() for p in model.parameters()) == table2_parameter_count(classes)
    assert table2_parameter_count(7) == 74_944_743
