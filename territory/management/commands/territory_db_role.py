"""Creates (or updates) the PostgreSQL role the shop connects as: it can read and write the tables, but not
bypass the territories' row-level security policies (territory/rls.py). Run by the role that owns the tables."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from territory.rls import role_grant


class Command(BaseCommand):
    help = "Crée le rôle PostgreSQL de l'application, soumis aux politiques de sécurité par territoire."

    def add_arguments(self, parser):
        parser.add_argument("role", help="nom du rôle, par exemple comptoir_app")
        parser.add_argument(
            "--password", default="", help="mot de passe de connexion (vide : sans connexion)"
        )

    def handle(self, *args, role, password, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Les politiques par territoire n'existent que sur PostgreSQL.")
        try:
            role_grant(connection, role=role, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Rôle {role} prêt : il ne voit que le territoire de chaque requête.")
        )
