import pytest
import torch

from training.losses import CenterLoss, LocalityPreservingLoss


def reference_lp(features: torch.Tensor, labels: torch.Tensor, k: int) -> torch.Tensor:
    """Direct per-sample form of the spec: loop over i, sort neighbours by (distance, index)."""
    terms = []
    for i in range(len(labels)):
        others = [j for j in range(len(labels)) if j != i and labels[j] == labels[i]]
        if not others:
            continue
        dist = {j: torch.linalg.vector_norm(features[i] - features[j]).item() for j in others}
        nearest = sorted(others, key=lambda j: (dist[j], j))[:k]
        centre = features[nearest].detach().mean(dim=0)
        terms.append(((features[i] - centre) ** 2).sum())
    return 0.5 * torch.stack(terms).mean()


def value_and_grad(fn, features, labels):
    x = features.clone().requires_grad_(True)
    loss = fn(x, labels)
    loss.backward()
    return loss.detach(), x.grad


CASES = {
    "random": (torch.randn(24, 5, dtype=torch.float64), torch.randint(0, 3, (24,)), 3),
    # Integer grid points: many exactly equal distances, so the tie rule matters.
    "ties": (torch.randint(-2, 3, (20, 4)).double(), torch.randint(0, 2, (20,)), 2),
    # Class 2 and 3 have a single member each: they contribute nothing.
    "singletons": (torch.randn(10, 3, dtype=torch.float64),
                   torch.tensor([0, 0, 0, 1, 1, 1, 1, 2, 3, 0]), 2),
    "k_larger_than_class": (torch.randn(12, 6, dtype=torch.float64),
                            torch.tensor([0] * 4 + [1] * 5 + [2] * 3), 20),
    "duplicates": (torch.cat([torch.ones(4, 3), torch.zeros(4, 3)]).double(),
                   torch.tensor([0, 0, 0, 0, 0, 1, 1, 1]), 2),
}


@pytest.mark.parametrize("name", CASES)
def test_lp_value_and_gradient_match_per_sample_loop(name):
    features, labels, k = CASES[name]
    loss_fn = LocalityPreservingLoss(k)
    value, grad = value_and_grad(loss_fn, features, labels)
    ref_value, ref_grad = value_and_grad(lambda x, y: reference_lp(x, y, k), features, labels)
    assert torch.allclose(value.double(), ref_value, rtol=1e-5, atol=1e-6)
    assert torch.allclose(grad.double(), ref_grad, rtol=1e-5, atol=1e-6)


def test_lp_gradient_is_eq4_over_contributing_samples():
    features = torch.randn(9, 4, dtype=torch.float64)
    labels = torch.tensor([0, 0, 0, 1, 1, 1, 1, 2, 2])
    loss_fn = LocalityPreservingLoss(2)
    _, grad = value_and_grad(loss_fn, features, labels)
    centres, has = loss_fn.neighbour_means(features, labels)
    assert has.all()
    assert torch.allclose(grad, (features - centres) / len(labels))


def test_lp_with_all_neighbours_is_the_batch_centre_form():
    """k >= n_c - 1: ||x_i - mean of others||^2 = (n_c / (n_c - 1))^2 ||x_i - class mean||^2."""
    features = torch.randn(15, 8, dtype=torch.float64)
    labels = torch.tensor([0] * 6 + [1] * 5 + [2] * 4)
    expected = []
    for c in range(3):
        members = features[labels == c]
        n_c = len(members)
        scale = (n_c / (n_c - 1)) ** 2
        expected.append(scale * ((members - members.mean(0)) ** 2).sum(1))
    expected = 0.5 * torch.cat(expected).mean()
    loss = LocalityPreservingLoss(k=5)(features, labels)
    assert torch.allclose(loss.double(), expected)


def test_lp_without_any_neighbour_is_zero_and_differentiable():
    features = torch.randn(3, 4, requires_grad=True)
    loss = LocalityPreservingLoss(5)(features, torch.tensor([0, 1, 2]))
    loss.backward()
    assert loss.item() == 0.0 and torch.equal(features.grad, torch.zeros(3, 4))


def test_lp_rejects_bad_k():
    with pytest.raises(ValueError, match="expected k >= 1"):
        LocalityPreservingLoss(0)


def test_center_loss_value_and_centre_gradient():
    loss_fn = CenterLoss(num_classes=3, feature_dim=2)
    with torch.no_grad():
        loss_fn.centers.copy_(torch.tensor([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]]))
    features = torch.tensor([[1.0, 0.0], [1.0, 3.0]], requires_grad=True)
    loss = loss_fn(features, torch.tensor([0, 1]))
    assert loss.item() == pytest.approx(0.5 * (1.0 + 4.0) / 2)
    loss.backward()
    assert torch.allclose(features.grad, torch.tensor([[0.5, 0.0], [0.0, 1.0]]))
    assert torch.allclose(loss_fn.centers.grad[2], torch.zeros(2))
