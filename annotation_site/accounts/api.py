from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken

from annotation_site.accounts.throttling import LoginAddressRateThrottle, LoginRateThrottle


class TokenObtainView(ObtainAuthToken):
    """POST {"username", "password"} -> {"token"}; use as `Authorization: Token <token>`."""

    throttle_classes = [LoginRateThrottle, LoginAddressRateThrottle]
    authentication_classes: list = []  # credentials are in the body; no session, so no CSRF

    @extend_schema(responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}))
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
