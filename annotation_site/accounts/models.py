from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ANNOTATOR = "annotator", "Annotator"
    ADMIN = "admin", "Admin"
    RESEARCHER = "researcher", "Researcher"


class User(AbstractUser):
    """A person using facecrowd; what they may do follows from `role`."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ANNOTATOR)

    @property
    def is_annotator(self) -> bool:
        return self.role == Role.ANNOTATOR
