"""Serving face image files to the people allowed to see them."""
from __future__ import annotations

import mimetypes

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.views import APIView

from annotation_site.labeling.models import Image, Lease, Skip, Vote
from annotation_site.labeling.serializers import MAX_ID


def _annotator_may_see(user, image_id: int) -> bool:
    mine = {"annotator": user, "image_id": image_id}
    return (
        Lease.objects.filter(**mine).exists()
        or Vote.objects.filter(**mine).exists()
        or Skip.objects.filter(**mine).exists()
    )


class ImageFileView(APIView):
    """The image bytes; an annotator only gets faces they were handed."""

    @extend_schema(
        responses={
            (200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="the image file"),
            403: OpenApiResponse(description="an annotator who was not handed this image"),
            404: OpenApiResponse(description="no such image"),
        }
    )
    def get(self, request, image_id: int):
        image = Image.objects.filter(pk=image_id).only("file").first() if image_id <= MAX_ID else None
        if image is None:
            raise NotFound(f"image {image_id} does not exist")
        if request.user.is_annotator and not _annotator_may_see(request.user, image_id):
            raise PermissionDenied("this image was not handed to you")
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        response = FileResponse(image.file.open("rb"), content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response
