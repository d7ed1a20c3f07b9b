"""One JSON error shape for the whole API: {"error": <code>, "detail": <what is wrong>}."""
from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from annotation_site.labeling import errors

STATUS_FOR_ERROR = {
    errors.NotAnAnnotator: status.HTTP_403_FORBIDDEN,
    errors.AlreadyVoted: status.HTTP_409_CONFLICT,
    errors.NoLiveLease: status.HTTP_409_CONFLICT,
    errors.ImageNotFound: status.HTTP_404_NOT_FOUND,
    errors.ImageRejected: status.HTTP_400_BAD_REQUEST,
}


def json_exception_handler(exc, context):
    for error_type, http_status in STATUS_FOR_ERROR.items():
        if isinstance(exc, error_type):
            return Response({"error": exc.code, "detail": str(exc)}, status=http_status)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging take over
    code = getattr(exc, "default_code", "error")
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"error": code, "detail": data["detail"]}
    else:  # field validation errors: keep the per-field messages
        response.data = {"error": code, "detail": "invalid input", "fields": data}
    return response
