"""REST endpoints of the labeling loop: validate, call one service, render."""
from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotation_site.labeling import selectors, services
from annotation_site.labeling.serializers import (
    MeSerializer,
    SkipInputSerializer,
    TaskSerializer,
    VoteInputSerializer,
    VoteOutputSerializer,
)


def _task_payload(lease) -> dict:
    return {
        "image_id": lease.image_id,
        "image_url": reverse("image-file", args=[lease.image_id]),
        "expires_at": lease.expires_at,
    }


class NextTaskView(APIView):
    """The next face for the calling annotator, leased to them (204 when none is left)."""

    @extend_schema(responses={200: TaskSerializer, 204: OpenApiResponse(description="nothing left to label")})
    def get(self, request):
        lease = services.task_next(annotator=request.user)
        if lease is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(TaskSerializer(_task_payload(lease)).data)


class VoteCreateView(APIView):
    """Label a leased face with one of the seven emotions (name or 1-7)."""

    @extend_schema(request=VoteInputSerializer, responses={201: VoteOutputSerializer})
    def post(self, request):
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.vote_submit(
            annotator=request.user,
            image_id=data.validated_data["image"],
            label=data.validated_data["label"],
            time_taken_ms=data.validated_data.get("time_taken_ms"),
        )
        return Response(VoteOutputSerializer(vote).data, status=status.HTTP_201_CREATED)


class SkipTaskView(APIView):
    """Hand a leased face back without labeling it; it is not offered to you again."""

    @extend_schema(request=SkipInputSerializer, responses={204: None})
    def post(self, request):
        data = SkipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.task_skip(annotator=request.user, image_id=data.validated_data["image"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who you are and how many labels you gave today and in total (only your own)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        counts = selectors.annotator_label_counts(annotator=request.user)
        payload = {
            "username": request.user.username,
            "role": request.user.role,
            "labels_today": counts.today,
            "labels_total": counts.total,
        }
        return Response(MeSerializer(payload).data)
