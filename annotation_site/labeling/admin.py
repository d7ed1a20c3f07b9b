from django.contrib import admin

from annotation_site.labeling.models import Image, Lease, Vote


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "width", "height", "n_votes", "load", "label_target", "created_at")
    search_fields = ("source", "sha256")
    readonly_fields = ("sha256", "size_bytes", "width", "height", "load", "n_votes", "random_key", "created_at")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("id", "image", "annotator", "label", "time_taken_ms", "created_at")
    list_filter = ("label",)
    list_select_related = ("image", "annotator")
    raw_id_fields = ("image", "annotator")


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ("id", "image", "annotator", "expires_at")
    list_select_related = ("image", "annotator")
    raw_id_fields = ("image", "annotator")
