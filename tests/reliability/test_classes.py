import pytest

from reliability import CLASSES, COMPOUND_CLASSES, DROPPED_COMPOUND_CLASS, compound_name
from reliability.classes import class_order


def test_raf_db_order():
    assert CLASSES == ("surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral")
    assert len(COMPOUND_CLASSES) == 11
    assert COMPOUND_CLASSES[0] == "Happily Surprised"
    assert COMPOUND_CLASSES[-1] == "Disgustedly Surprised"
    assert DROPPED_COMPOUND_CLASS == "Fearfully Disgusted"


@pytest.mark.parametrize("a, b, name", [
    ("happiness", "surprise", "Happily Surprised"),
    ("surprise", "happiness", "Happily Surprised"),
    ("fear", "sadness", "Sadly Fearful"),
    ("disgust", "anger", "Angrily Disgusted"),
    ("disgust", "fear", "Fearfully Disgusted"),
    ("sadness", "happiness", "happiness+sadness"),  # a pair RAF-DB never names
])
def test_compound_name_is_order_free(a, b, name):
    assert compound_name(a, b) == name


def test_every_raf_db_compound_has_a_pair():
    basic = CLASSES[:6]
    names = {compound_name(a, b) for i, a in enumerate(basic) for b in basic[i + 1:]}
    assert set(COMPOUND_CLASSES) | {DROPPED_COMPOUND_CLASS} <= names


def test_same_class_twice_is_an_error():
    with pytest.raises(ValueError, match="expected two different classes"):
        compound_name("fear", "fear")


@pytest.mark.parametrize("distinct, order", [
    ({"neutral", "fear", "happiness"}, ["fear", "happiness", "neutral"]),  # RAF-DB order
    ({"10", "9", "1"}, ["1", "9", "10"]),
    ({"b", "a"}, ["a", "b"]),
    ([2, "x"], [2, "x"]),  # mixed types: as given
])
def test_class_order(distinct, order):
    assert class_order(distinct) == order
