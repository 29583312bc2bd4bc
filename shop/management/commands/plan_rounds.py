from datetime import date

from django.core.management.base import BaseCommand, CommandError

from shop.rounds import PlanRefused, rounds_plan
from territory.models import Territory
from territory.tenancy import territory_activate, territory_all


class Command(BaseCommand):
    help = (
        "Planifie les tournées de livraison d'un jour (par défaut pour chaque territoire) ; relancer remplace les "
        "tournées pas encore commencées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="le jour, AAAA-MM-JJ")
        parser.add_argument("--territory", default="", help="l'identifiant d'un territoire (défaut : tous)")

    def handle(self, *args, date: str, territory: str, **options):
        day = _day(date)
        with territory_all():
            territories = list(Territory.objects.order_by("pk"))
        if territory:
            territories = [t for t in territories if t.slug == territory]
            if not territories:
                raise CommandError(f"Aucun territoire « {territory} ».")
        for each in territories:
            with territory_activate(each):
                try:
                    run = rounds_plan(day=day)
                except PlanRefused as error:
                    raise CommandError(f"{each.name} : plan refusé ({error}).") from error
                rounds = list(run.rounds.select_related("courier__user"))
                self.stdout.write(
                    f"{each.name} — {day:%d/%m/%Y} : {len(rounds)} tournée(s), "
                    f"{len(run.unassigned)} colis non placé(s), calcul {run.solve_seconds:.1f} s "
                    f"(temps de trajet : {run.travel_source})"
                )
                for tour in rounds:
                    self.stdout.write(
                        f"  {tour.courier} : {tour.stops.exclude(kind='break').count()} arrêts, "
                        f"{tour.planned_start:%H:%M}–{tour.planned_end:%H:%M}, {tour.planned_km} km"
                    )
                for item in run.unassigned:
                    self.stdout.write(
                        f"  non placé : commande {item['order']} ({item['merchant']}) — {item['reason']}"
                    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"Date invalide « {text} » : attendu AAAA-MM-JJ, par exemple 2026-12-02."
        ) from error
