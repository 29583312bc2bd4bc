from django.core.management.base import BaseCommand, CommandError

from observatory.services import rollups_refresh
from territory.models import Territory
from territory.tenancy import territory_all


class Command(BaseCommand):
    help = "Met à jour l'observatoire (les faits et les tableaux) d'un territoire ou de tous."

    def add_arguments(self, parser):
        parser.add_argument("--territory", help="identifiant (slug) du territoire ; tous par défaut")
        parser.add_argument("--full", action="store_true", help="tout recalculer depuis la première commande")
        parser.add_argument(
            "--every-day",
            action="store_true",
            help="avec --full, calculer aussi chaque jour (sinon à la lecture)",
        )

    def handle(self, *args, territory=None, full=False, every_day=False, **options):
        with territory_all():
            territories = Territory.objects.order_by("pk")
            if territory:
                territories = territories.filter(slug=territory)
                if not territories.exists():
                    raise CommandError(f"Aucun territoire « {territory} ».")
            ids = list(territories.values_list("pk", "slug"))
        for pk, slug in ids:
            report = rollups_refresh(territory_id=pk, full=full, every_day=every_day)
            self.stdout.write(
                f"{slug} : {report.orders} commandes, {report.rounds} tournées, "
                f"{report.periods} périodes en {report.seconds} s"
            )
