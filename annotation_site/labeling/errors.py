"""Domain errors raised by labeling services; the API maps each to one HTTP status."""


class LabelingError(Exception):
    """Base class; `code` is the stable machine-readable name sent to clients."""

    code = "labeling_error"


class NotAnAnnotator(LabelingError):
    code = "not_an_annotator"


class AlreadyVoted(LabelingError):
    code = "already_voted"


class NoLiveLease(LabelingError):
    code = "no_live_lease"


class ImageNotFound(LabelingError):
    code = "image_not_found"


class ImageRejected(LabelingError):
    """An image file that import refuses (not an image, truncated, too large, a bomb)."""

    code = "image_rejected"
