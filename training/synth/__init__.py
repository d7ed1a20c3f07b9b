"""Procedural face generator: synthetic, RAF-DB-style expression photos for tests and demos.

Pure numpy / Pillow / scikit-image (no torch, no Django), so the site can call it cheaply.

Public API (stable; the site's ``seed_demo`` uses it)::

    from training.synth import sample_expression, draw_face
    rng = np.random.default_rng(0)
    expression = sample_expression(rng, compound_fraction=0.2)
    face = draw_face(expression, rng, size=256)

- ``sample_expression(rng, compound_fraction=0.2) -> np.ndarray``: a 7-vector in RAF-DB
  order (1 surprise, 2 fear, 3 disgust, 4 happiness, 5 sadness, 6 anger, 7 neutral) summing
  to 1; one-hot for a basic expression, two non-zero entries (0.5-0.7 / rest) for one of
  RAF-DB's 11 compound pairs, with probability ``compound_fraction``.
- ``draw_face(expression, rng, size=256) -> SyntheticFace`` with
  ``image`` (PIL RGB, size x size, face not centred: pose, scale and position vary),
  ``landmarks`` (5x2 float pixels: left eye centre, right eye centre, nose tip, left mouth
  corner, right mouth corner; "left" = the image's left), ``box`` (x, y, w, h of the head),
  ``expression`` (the vector drawn) and ``attributes`` (RAF-DB manual-attribute codes:
  ``gender`` 0 male/1 female/2 unsure, ``race`` 0/1/2 (a skin-tone palette group), ``age``
  0-4 (0-3, 4-19, 20-39, 40-69, 70+), plus ``yaw_deg``, ``roll_deg`` and ``occlusion`` in
  none/glasses/sunglasses/hand/hat).
- ``write_release(out, n, compound_fraction=0.2, seed=0)``: a release folder in RAF-DB's layout
  (also ``python -m training synth --out DIR --n N [--compound F] [--seed S]``).

Everything is drawn from ``rng``: the same seed gives the same pixels.
"""
from training.synth.draw import SyntheticFace, draw_face
from training.synth.expression import sample_expression
from training.synth.release import write_release

__all__ = ["SyntheticFace", "draw_face", "sample_expression", "write_release"]
