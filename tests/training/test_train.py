"""A few CPU steps, the end-to-end run, checkpoints and warm start (tiny synthetic release)."""
import pytest
import torch

from training.checkpoint import load_checkpoint
from training.config import TrainConfig
from training.data import load_release
from training.dataset import InMemorySplit, augment
from training.engine import make_aux_loss, make_optimizer, train_step
from training.errors import DataError
from training.evaluate import evaluate_checkpoint
from training.models import ARCHITECTURE, BaseDCNN
from training.train import run_training


@pytest.mark.parametrize("loss", ["softmax", "lp"])
def test_loss_goes_down_on_a_fixed_batch(tiny_release, loss):
    torch.manual_seed(0)
    split = InMemorySplit(load_release(tiny_release), "train")
    batch = next(split.batches(10))
    config = TrainConfig(release="-", out="-", loss=loss, augment=False, lambda_=0.003, k=3)
    model = BaseDCNN(7)
    aux = make_aux_loss(config, 7)
    optimizer = make_optimizer(model, aux, config)
    losses = [train_step(model, aux, optimizer, batch, config, torch.device("cpu"), None)["loss"]
              for _ in range(6)]
    assert min(losses[-3:]) < losses[0] - 0.05, losses


def test_augment_keeps_shape_and_is_seeded(tiny_release):
    images = InMemorySplit(load_release(tiny_release), "test").images
    a = augment(images, torch.Generator().manual_seed(1))
    b = augment(images, torch.Generator().manual_seed(1))
    assert a.shape == images.shape and a.dtype == torch.float32 and torch.equal(a, b)


@pytest.fixture(scope="module")
def trained(tiny_release, tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    config = TrainConfig(release=str(tiny_release), out=str(out), loss="lp", k=3, epochs=1,
                         batch_size=8, max_steps=2, device="cpu")
    return run_training(config), out


def test_checkpoint_recreates_the_run(trained, tiny_release):
    result, out = trained
    state = load_checkpoint(out / "checkpoint.pt", num_classes=7)
    assert state["config"]["loss"] == "lp" and state["config"]["k"] == 3
    assert state["release_id"] == "synth-n42-c0-s3"
    assert state["manifest_hash"] == load_release(tiny_release).manifest_hash()
    assert state["code_version"].startswith("0.1.0") and state["epoch"] == 1
    assert set(state["metrics"]) >= {"mean_diagonal", "accuracy", "confusion_matrix"}
    assert TrainConfig.from_dict(state["config"]).release == str(tiny_release)
    assert result["epochs"] == 1


def test_evaluate_writes_json_and_png(trained, tiny_release, tmp_path):
    _, out = trained
    report = evaluate_checkpoint(out / "checkpoint.pt", tiny_release, out=tmp_path,
                                 device="cpu", deep=False)
    assert set(report["summary"]) == {"softmax"}
    assert (tmp_path / "metrics.json").is_file() and (tmp_path / "confusion.png").is_file()


def test_warm_start_loads_the_weights(trained, tiny_release, tmp_path):
    _, out = trained
    config = TrainConfig(release=str(tiny_release), out=str(tmp_path), loss="softmax",
                         epochs=1, batch_size=8, max_steps=1, init=str(out / "checkpoint.pt"),
                         lr=1e-12, device="cpu")
    run_training(config)
    before = load_checkpoint(out / "checkpoint.pt")["model"]["classifier.1.weight"]
    after = load_checkpoint(tmp_path / "checkpoint.pt")["model"]["classifier.1.weight"]
    assert torch.allclose(before, after, atol=1e-6)


def test_checkpoint_from_other_class_count_or_architecture_is_refused(tmp_path):
    path = tmp_path / "compound.pt"
    torch.save({"architecture": ARCHITECTURE, "num_classes": 11, "model": {}}, path)
    with pytest.raises(DataError, match="checkpoint has 11 classes, expected 7"):
        load_checkpoint(path, num_classes=7)
    torch.save({"architecture": "resnet18", "model": {}}, tmp_path / "other.pt")
    with pytest.raises(DataError, match="architecture 'resnet18'"):
        load_checkpoint(tmp_path / "other.pt")
