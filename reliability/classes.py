"""RAF-DB class vocabulary: the seven basic expressions and the compound names."""
from __future__ import annotations

from collections.abc import Hashable, Sequence

#: Basic classes in RAF-DB order; RAF-DB files number them from 1 (1 = surprise).
CLASSES: tuple[str, ...] = (
    "surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral",
)

#: Compound classes in RAF-DB order (the 11 the paper keeps).
COMPOUND_CLASSES: tuple[str, ...] = (
    "Happily Surprised", "Happily Disgusted", "Sadly Fearful", "Sadly Angry",
    "Sadly Surprised", "Sadly Disgusted", "Fearfully Angry", "Fearfully Surprised",
    "Angrily Surprised", "Angrily Disgusted", "Disgustedly Surprised",
)

#: The 12th pair the paper found and dropped as too small.
DROPPED_COMPOUND_CLASS = "Fearfully Disgusted"

_PAIRS: dict[frozenset[str], str] = {
    frozenset(pair): name
    for pair, name in zip(
        [("happiness", "surprise"), ("happiness", "disgust"), ("sadness", "fear"),
         ("sadness", "anger"), ("sadness", "surprise"), ("sadness", "disgust"),
         ("fear", "anger"), ("fear", "surprise"), ("anger", "surprise"),
         ("anger", "disgust"), ("disgust", "surprise"), ("fear", "disgust")],
        COMPOUND_CLASSES + (DROPPED_COMPOUND_CLASS,),
    )
}


def compound_name(first: str, second: str) -> str:
    """Name of the compound class made of two classes, whatever their order.

    Parameters
    ----------
    first, second : str
        Two different class names.

    Returns
    -------
    str
        The RAF-DB name ("Happily Surprised") for the 12 RAF-DB pairs; any other pair (the
        three RAF-DB never names, such as happiness + sadness, or classes of another data
        set) gets ``"<a>+<b>"`` with the two names in alphabetical order, so that every
        image of a two-label blend still has a stable name.
    """
    if first == second:
        raise ValueError(f"expected two different classes, got {first!r} twice")
    name = _PAIRS.get(frozenset((first, second)))
    return name if name is not None else "+".join(sorted((str(first), str(second))))


def class_order(distinct: Sequence[Hashable]) -> list[Hashable]:
    """Default column order for a set of labels.

    RAF-DB order when every label is one of :data:`CLASSES` (so neutral and the compound
    names work), numeric order for integers or integer strings ("10" after "9"), else
    sorted, else (mixed types) as given.
    """
    labels = list(dict.fromkeys(distinct))
    if all(isinstance(c, str) and c in CLASSES for c in labels):
        return [c for c in CLASSES if c in labels]
    for key in (int, None):
        try:
            return sorted(labels, key=key)
        except (TypeError, ValueError):
            continue
    return labels


def class_pairs(classes: Sequence[str]) -> list[tuple[int, int]]:
    """All unordered index pairs ``(a, b)`` with ``a < b`` over ``classes``."""
    return [(a, b) for a in range(len(classes)) for b in range(a + 1, len(classes))]
