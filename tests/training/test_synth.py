"""The procedural face generator's public API (the site's seed_demo depends on it)."""
import numpy as np
import pytest

from training.align import TEMPLATE, similarity_to_template
from training.classes import COMPOUND_PAIRS
from training.data import load_release
from training.synth import SyntheticFace, draw_face, sample_expression


def test_sample_expression_basic_and_compound():
    rng = np.random.default_rng(0)
    vectors = np.stack([sample_expression(rng, compound_fraction=0.5) for _ in range(400)])
    assert vectors.shape == (400, 7) and np.allclose(vectors.sum(1), 1.0)
    nonzero = (vectors > 0).sum(1)
    assert set(nonzero.tolist()) == {1, 2} and 0.4 < (nonzero == 2).mean() < 0.6
    pairs = {tuple(sorted(np.flatnonzero(v))) for v in vectors[nonzero == 2]}
    assert pairs <= {tuple(sorted(p)) for p in COMPOUND_PAIRS}
    only_basic = [sample_expression(rng, compound_fraction=0.0) for _ in range(50)]
    assert all((v > 0).sum() == 1 for v in only_basic)


def test_draw_face_returns_an_unaligned_face_with_landmarks():
    expression = np.eye(7)[3]
    face = draw_face(expression, np.random.default_rng(5), size=192)
    assert isinstance(face, SyntheticFace)
    assert face.image.mode == "RGB" and face.image.size == (192, 192)
    assert face.landmarks.shape == (5, 2) and face.landmarks.dtype == float
    x, y, w, h = face.box
    inside = ((face.landmarks >= [x, y]) & (face.landmarks <= [x + w, y + h])).all()
    assert inside and w > 20 and h > 20
    left_eye, right_eye, nose, mouth_left, mouth_right = face.landmarks
    assert left_eye[0] < right_eye[0] and mouth_left[0] < mouth_right[0]
    assert np.array_equal(face.expression, expression)
    assert {"gender", "race", "age", "yaw_deg", "roll_deg", "occlusion"} <= set(face.attributes)


def test_same_seed_same_pixels_and_faces_are_not_centred():
    expression = np.eye(7)[0]
    a = draw_face(expression, np.random.default_rng(11))
    b = draw_face(expression, np.random.default_rng(11))
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image))
    centres = [draw_face(expression, np.random.default_rng(s)).landmarks.mean(0)
               for s in range(12)]
    assert np.ptp(np.array(centres), axis=0).min() > 20  # position varies


def test_landmarks_align_onto_the_template():
    face = draw_face(np.eye(7)[6], np.random.default_rng(2))
    transform = similarity_to_template(face.landmarks)
    residual = np.linalg.norm(transform(face.landmarks) - TEMPLATE, axis=1)
    assert residual.max() < 8.0  # pixels in the 100x100 crop


def test_bad_expression_vector():
    with pytest.raises(ValueError, match="expected an expression vector of shape"):
        draw_face(np.ones(6) / 6, np.random.default_rng(0))
    with pytest.raises(ValueError, match="summing to 1"):
        draw_face(np.ones(7), np.random.default_rng(0))


def test_written_release_is_raf_db_layout_with_stratified_split(tiny_release):
    label_file = tiny_release / "basic/EmoLabel/list_patition_label.txt"
    assert not label_file.read_bytes().endswith(b"\n")  # RAF-DB's quirk, reproduced
    release = load_release(tiny_release)
    train, test = release.split("train"), release.split("test")
    assert len(train) + len(test) == 42 and 4 <= len(train) / len(test) <= 6
    for label in {i.label for i in release.items}:
        n_train = sum(i.label == label for i in train)
        n_test = sum(i.label == label for i in test)
        assert n_test == round((n_train + n_test) / 6)
    first = release.image_path(release.items[0])
    assert first.name.endswith("_aligned.jpg")
    assert (tiny_release / "basic/Image/original" / release.items[0].name).is_file()
    assert release.release_id == "synth-n42-c0-s3"
