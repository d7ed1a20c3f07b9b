from django.contrib import admin
from django.http import JsonResponse
from django.views.defaults import page_not_found
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from annotation_site.accounts.api import TokenObtainView
from annotation_site.labeling import api as labeling_api
from annotation_site.labeling import views as labeling_views
from annotation_site.labeling.files import ImageFileView

api_v1 = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("tasks/next/", labeling_api.NextTaskView.as_view(), name="api-task-next"),
    path("tasks/skip/", labeling_api.SkipTaskView.as_view(), name="api-task-skip"),
    path("votes/", labeling_api.VoteCreateView.as_view(), name="api-votes"),
    path("me/", labeling_api.MeView.as_view(), name="api-me"),
    path("images/<int:image_id>/file/", ImageFileView.as_view(), name="image-file"),
]

urlpatterns = [
    path("", labeling_views.home, name="home"),
    path("label/", labeling_views.label_page, name="label"),
    path("login/", labeling_views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]


def _not_found(request, exception=None):
    """JSON 404 under /api/ (clients parse errors), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not_found", "detail": f"no API endpoint at {request.path}"}, status=404)
    return page_not_found(request, exception)


handler404 = _not_found
