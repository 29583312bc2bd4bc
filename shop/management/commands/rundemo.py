import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Command(BaseCommand):
    help = "Sert la démo : un localstripe local pour payer hors ligne avec les cartes de test, puis le site."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options):
        base = settings.STRIPE_API_BASE.rstrip("/")
        parts = urlsplit(base)
        started = None
        if parts.hostname in {"127.0.0.1", "localhost"} and not _answers(f"{base}/js.stripe.com/v3/"):
            var = Path(settings.BASE_DIR) / "var"
            var.mkdir(exist_ok=True)
            log = open(var / "localstripe.log", "ab")  # noqa: SIM115 - kept open for the child's lifetime
            localstripe = Path(sys.executable).with_name("localstripe")
            started = subprocess.Popen(
                [str(localstripe), "--port", str(parts.port or 8420)], stdout=log, stderr=log
            )
            deadline = time.monotonic() + 20
            while not _answers(f"{base}/js.stripe.com/v3/") and time.monotonic() < deadline:
                time.sleep(0.2)
            self.stdout.write(f"localstripe (paiements de démonstration) sur {base}")
        # localstripe posts signed events to the shop, as Stripe does in production.
        request = urllib.request.Request(
            f"{base}/_config/webhooks/comptoir",
            data=json.dumps(
                {
                    "url": f"http://127.0.0.1:{port}/payments/stripe/webhook/",
                    "secret": settings.STRIPE_WEBHOOK_SECRET,
                }
            ).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            urllib.request.urlopen(request, timeout=5).close()
        except (urllib.error.URLError, OSError):
            self.stderr.write("Webhooks de démonstration non configurés : localstripe ne répond pas.")
        self.stdout.write(
            "Cartes de test : 4242 4242 4242 4242 (acceptée), 4000 0027 6000 3184 (3-D Secure), "
            "4000 0000 0000 0341 (refusée)."
        )
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            if started is not None:
                started.terminate()
