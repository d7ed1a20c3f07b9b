from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotation_site.accounts.models import Role
from annotation_site.accounts.services import user_create


class Command(BaseCommand):
    help = "Create a user: create_user NAME --password P --role annotator|admin|researcher"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)

    def handle(self, *args, username, password, role, **options):
        try:
            user = user_create(username=username, password=password, role=role)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
        self.stdout.write(f"created {user.role} {user.username}")
