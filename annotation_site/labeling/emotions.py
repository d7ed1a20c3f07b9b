"""The seven basic emotions in RAF-DB order (label 1..7 in RAF-DB's files)."""
from __future__ import annotations

EMOTIONS: tuple[str, ...] = ("surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral")
EMOTION_CHOICES = [(i, name) for i, name in enumerate(EMOTIONS, start=1)]


def emotion_index(value: object) -> int:
    """Map a class name ("happiness") or a 1-based number (4 or "4") to 1..7.

    Raises ValueError with the accepted values when it is neither.
    """
    if isinstance(value, bool):
        value = None  # True == 1 in Python; a boolean is never a valid label
    if isinstance(value, int) and 1 <= value <= len(EMOTIONS):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in EMOTIONS:
            return EMOTIONS.index(text) + 1
        if text.isdigit() and 1 <= int(text) <= len(EMOTIONS):
            return int(text)
    raise ValueError(f"expected one of {', '.join(EMOTIONS)} or 1-{len(EMOTIONS)}, got {value!r}")
