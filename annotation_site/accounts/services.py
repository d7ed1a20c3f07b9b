"""Writes on users."""
from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from annotation_site.accounts.models import Role, User


@transaction.atomic
def user_create(*, username: str, password: str, role: str) -> User:
    """Create a user with a role; admins also get Django admin access.

    Raises ValidationError naming the problem (unknown role, taken name, weak password).
    """
    if role not in Role.values:
        raise ValidationError(f"expected role one of {', '.join(Role.values)}, got {role!r}")
    if not username or len(username) > 150:
        raise ValidationError("expected a username of 1-150 characters")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"user {username!r} already exists")
    user = User(username=username, role=role, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
