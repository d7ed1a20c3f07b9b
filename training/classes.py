"""Class names in RAF-DB order (labels in files are 1-based, tensors use 0-based indices)."""
from __future__ import annotations

BASIC = ("surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral")

# RAF-DB's 11 compound classes (label 1-11), as (dominant, secondary) basic-class indices.
# "Fearfully disgusted" is the 12th pair the paper found and dropped as too small.
COMPOUND_PAIRS = (
    (3, 0),  # 1 happily surprised
    (3, 2),  # 2 happily disgusted
    (4, 1),  # 3 sadly fearful
    (4, 5),  # 4 sadly angry
    (4, 0),  # 5 sadly surprised
    (4, 2),  # 6 sadly disgusted
    (1, 5),  # 7 fearfully angry
    (1, 0),  # 8 fearfully surprised
    (5, 0),  # 9 angrily surprised
    (5, 2),  # 10 angrily disgusted
    (2, 0),  # 11 disgustedly surprised
)

_ADVERB = {0: "surprisedly", 1: "fearfully", 2: "disgustedly", 3: "happily",
           4: "sadly", 5: "angrily"}
_ADJECTIVE = {0: "surprised", 1: "fearful", 2: "disgusted", 3: "happy", 4: "sad",
              5: "angry"}
COMPOUND = tuple(f"{_ADVERB[a]} {_ADJECTIVE[b]}" for a, b in COMPOUND_PAIRS)


def class_names(num_classes: int) -> tuple[str, ...]:
    """Names for a 7-class (basic) or 11-class (compound) task; generic names otherwise."""
    if num_classes == len(BASIC):
        return BASIC
    if num_classes == len(COMPOUND):
        return COMPOUND
    return tuple(f"class_{i + 1}" for i in range(num_classes))


def compound_label(pair: tuple[int, int]) -> int | None:
    """1-based compound label of an unordered pair of basic indices, or None if not one of 11."""
    wanted = set(pair)
    for label, candidate in enumerate(COMPOUND_PAIRS, start=1):
        if set(candidate) == wanted:
            return label
    return None
