"""Server-rendered pages: login and the labeling page."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from annotation_site.accounts.models import Role
from annotation_site.accounts.throttling import login_attempt_allowed
from annotation_site.labeling.emotions import EMOTIONS
from annotation_site.labeling.selectors import annotator_label_counts


class ThrottledLoginView(auth_views.LoginView):
    template_name = "labeling/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not login_attempt_allowed(request, request.POST.get("username", "")):
            messages.error(request, "Too many login attempts. Wait a minute and try again.")
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)


@login_required
def home(request):
    if request.user.role == Role.ANNOTATOR:
        return redirect("label")
    return redirect("admin:index" if request.user.role == Role.ADMIN else "api-docs")


@login_required
def label_page(request):
    if request.user.role != Role.ANNOTATOR:
        return render(request, "labeling/not_annotator.html", status=403)
    counts = annotator_label_counts(annotator=request.user)
    buttons = [{"key": i, "name": name} for i, name in enumerate(EMOTIONS, start=1)]
    return render(request, "labeling/label.html", {"buttons": buttons, "counts": counts})
