from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.demo.seed import HISTORY_DAYS, seed_demo


class Command(BaseCommand):
    help = "Charge les territoires de démonstration (Val de Garonne, Villeneuve-sur-Lot) ; relancer ne crée rien en double."

    def add_arguments(self, parser):
        parser.add_argument(
            "--merchants", type=int, default=None, help="nombre de commerçants (défaut : tous)"
        )
        parser.add_argument(
            "--products-per-merchant",
            type=int,
            default=None,
            help="produits par commerçant (défaut : son catalogue)",
        )
        parser.add_argument(
            "--history-days",
            type=int,
            default=HISTORY_DAYS,
            help=f"jours de commandes passées du premier territoire, jusqu'à hier (défaut : {HISTORY_DAYS} ; 0 : aucune)",
        )
        parser.add_argument(
            "--territories",
            type=int,
            default=None,
            help="ne charger que les N premiers territoires de démonstration (défaut : tous)",
        )

    def handle(
        self,
        *args,
        merchants=None,
        products_per_merchant=None,
        territories=None,
        history_days=HISTORY_DAYS,
        **options,
    ):
        # The demo's accounts share one published password: in production they would be open doors.
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuse de tourner en production (config.settings.production) : les comptes de "
                "démonstration ont un mot de passe public. Chargez vos vraies données."
            )
        if territories is not None and territories < 1:
            raise CommandError("--territories : au moins 1.")
        if not 0 <= history_days <= 3660:
            raise CommandError("--history-days : de 0 à 3660 jours.")
        summary = seed_demo(
            merchants=merchants,
            products_per_merchant=products_per_merchant,
            territories=territories,
            history_days=history_days,
            progress=lambda message: self.stdout.write(message),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.communes} communes, {summary.merchants} commerçants, {summary.products} produits "
                f"({summary.products_created} nouveaux), {summary.contact_points} points de contact La Poste"
            )
        )
        self.stdout.write("Comptes de démonstration (territoire, rôle, courriel, mot de passe) :")
        for where, role, email, password in summary.accounts:
            self.stdout.write(f"  {where:<24} {role:<14} {email:<36} {password}")
