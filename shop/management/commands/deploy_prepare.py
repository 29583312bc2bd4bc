import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Prépare un déploiement, avant de démarrer gunicorn : collectstatic, puis l'image « produit sans "
        "photo » d'Oscar copiée dans MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-collectstatic", action="store_true", help="ne pas lancer collectstatic (déjà fait)"
        )

    def handle(self, *args, skip_collectstatic=False, **options):
        if not skip_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=options["verbosity"])
        target = missing_image_install()
        self.stdout.write(self.style.SUCCESS(f"Image « sans photo » en place : {target}"))


def missing_image_install() -> Path:
    """Copies Oscar's missing-image picture into MEDIA_ROOT, which Oscar would otherwise symlink on the first
    product page without a picture: racing requests fail there, and production's media may be read-only."""
    name = settings.OSCAR_MISSING_IMAGE_URL
    source = finders.find(f"oscar/img/{name}")
    if source is None:
        raise CommandError(f"Image introuvable dans les fichiers statiques : oscar/img/{name}")
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    # A copy, not Oscar's symlink into the installed package; written aside then renamed, so a page being
    # served never reads half a file (and a symlink left by Oscar is replaced).
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".missing-image-")
    with os.fdopen(handle, "wb") as out, open(source, "rb") as picture:
        shutil.copyfileobj(picture, out)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return target
