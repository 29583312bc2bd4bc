"""The national operator creates a territory from the command line: online at once, no migration."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from territory.services import territory_create
from territory.tenancy import territory_all


class Command(BaseCommand):
    help = (
        "Crée un territoire : son nom, son identifiant d'adresse, son domaine et ses communes (codes INSEE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="nom affiché, par exemple « Grand Villeneuvois »")
        parser.add_argument("--slug", required=True, help="identifiant d'adresse : /t/<identifiant>/")
        parser.add_argument("--domain", default="", help="nom de domaine, par exemple villeneuve.comptoir.fr")
        parser.add_argument(
            "--commune", action="append", default=[], dest="communes", help="code INSEE (répétable)"
        )
        parser.add_argument("--tagline", default="")

    def handle(self, *args, name, slug, domain, communes, tagline, **options):
        try:
            with territory_all():
                territory = territory_create(
                    name=name, slug=slug, domain=domain or None, insee_codes=communes, tagline=tagline
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        where = f"http://{territory.domain}/ ou " if territory.domain else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoire « {territory.name} » créé ({territory.communes.count()} communes) : "
                f"{where}/t/{territory.slug}/"
            )
        )
