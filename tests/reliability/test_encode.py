import numpy as np
import pytest

from reliability._encode import DuplicateLabelError, encode, factorize, resolve_duplicates


def test_factorize_keeps_int_and_str_apart():
    uniques, codes = factorize([1, "1", 1, ("a", 2)])
    assert len(uniques) == 3
    assert codes[0] == codes[2] != codes[1]


def test_encode_sorted_ids_and_explicit_classes():
    data = encode(["b", "a", "b"], [10, 20, 10], ["x", "y", "y"], classes=["y", "x", "z"])
    assert data.items.tolist() == ["a", "b"]
    assert data.item.tolist() == [1, 0, 1]
    assert data.label.tolist() == [1, 0, 0]
    assert data.n_classes == 3


@pytest.mark.parametrize("args, kwargs, message", [
    ((["a"], ["w"], ["x", "y"]), {}, "expected items, workers and labels of one length"),
    (([], [], []), {}, "expected at least one label, got 0"),
    ((["a", "b"], ["w", "w"], ["x", "x"]), {}, "expected at least 2 classes, got 1"),
    ((["a"], ["w"], ["q"]), {"classes": ["x", "y"]}, "expected labels among classes"),
])
def test_encode_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        encode(*args, **kwargs)


def _dup_data():
    # rows 0 and 2 repeat (i1, w1) with a conflicting label
    return encode(["i1", "i2", "i1", "i2"], ["w1", "w1", "w1", "w2"], ["x", "y", "y", "x"])


@pytest.mark.parametrize("policy, rows, labels", [
    ("keep", [0, 1, 2, 3], [0, 1, 1, 0]),
    ("first", [0, 1, 3], [0, 1, 0]),
    ("last", [1, 2, 3], [1, 1, 0]),
])
def test_duplicate_policies(policy, rows, labels):
    data, n_dup = resolve_duplicates(_dup_data(), policy)
    assert n_dup == 1
    assert data.rows.tolist() == rows
    assert data.label.tolist() == labels


def test_duplicate_error_names_the_row():
    with pytest.raises(DuplicateLabelError, match="expected one label per") as info:
        resolve_duplicates(_dup_data(), "error")
    assert info.value.row == 2
    with pytest.raises(ValueError, match="expected duplicates in"):
        resolve_duplicates(_dup_data(), "drop")


def test_no_duplicates_is_untouched():
    data = encode([1, 2], [1, 1], [0, 1])
    out, n_dup = resolve_duplicates(data, "error")
    assert n_dup == 0 and np.array_equal(out.label, data.label)
