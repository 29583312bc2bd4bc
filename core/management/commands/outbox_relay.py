import time

from django.core.management.base import BaseCommand

from core.outbox import outbox_relay


class Command(BaseCommand):
    help = (
        "Relaie vers Celery les tâches en attente dans la boîte d'envoi (outbox). Celery beat le fait chaque "
        "minute ; --boucle le fait sans fin, toutes les --intervalle secondes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--boucle", action="store_true", help="relayer sans fin")
        parser.add_argument("--intervalle", type=float, default=5.0, help="secondes entre deux passages")

    def handle(self, *args, boucle: bool, intervalle: float, **options):
        while True:
            relayed = outbox_relay()
            if relayed or not boucle:
                self.stdout.write(f"{relayed} tâche(s) relayée(s).")
            if not boucle:
                return
            time.sleep(intervalle)
