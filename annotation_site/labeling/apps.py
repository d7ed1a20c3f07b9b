from django.apps import AppConfig


class LabelingConfig(AppConfig):
    name = "annotation_site.labeling"
    label = "labeling"
