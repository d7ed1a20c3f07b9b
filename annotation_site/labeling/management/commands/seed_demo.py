from django.core.management.base import BaseCommand, CommandError

from annotation_site.accounts.models import Role, User
from annotation_site.labeling.demo import DEMO_PASSWORD, demo_seed
from annotation_site.labeling.models import Image


class Command(BaseCommand):
    help = "Seed synthetic faces, demo users and simulated votes (voting through the real services)."

    def add_arguments(self, parser):
        parser.add_argument("--images", type=int, default=300)
        parser.add_argument("--annotators", type=int, default=24)
        parser.add_argument("--votes-per-image", type=int, default=12)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when images already exist")

    def handle(self, *args, images, annotators, votes_per_image, seed, if_empty, **options):
        if if_empty and Image.objects.exists():
            self.stdout.write("images already present: not seeding again (drop --if-empty to add more)")
        else:
            try:
                n_votes = demo_seed(n_images=images, n_annotators=annotators, votes_per_image=votes_per_image,
                                   seed=seed, progress=self.stdout.write)
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            self.stdout.write(f"seeded {images} faces and {n_votes} votes")
        n = User.objects.filter(role=Role.ANNOTATOR, username__startswith="annotator").count()
        self.stdout.write(
            f"\nDemo logins, all with password '{DEMO_PASSWORD}':\n"
            f"  annotator01 .. annotator{n:02d}  label faces at http://127.0.0.1:8000/label/\n"
            "  admin                      http://127.0.0.1:8000/admin/\n"
            "  researcher                 API docs at http://127.0.0.1:8000/api/docs/\n"
        )
