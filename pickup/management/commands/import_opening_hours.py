from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pickup.hours_csv import LAPOSTE
from pickup.hours_import import opening_hours_import

LISTED_REJECTIONS = 50


class Command(BaseCommand):
    # argparse cannot format a lazy string: help stays a plain French string.
    help = (
        "Importe les horaires d'ouverture des points de contact : format Comptoir "
        "(identifiant;jour;plage_1;plage_2) ou export La Poste jour par jour "
        "(identifiant;date_calendrier;plage_horaire_1;…). Voir le README."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier CSV des horaires")

    def handle(self, *args, path: str, **options):
        if not Path(path).is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        try:
            report = opening_hours_import(path=path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for line, reason in report.rejected[:LISTED_REJECTIONS]:
            self.stdout.write(
                self.style.WARNING(_("ligne %(line)d : %(reason)s") % {"line": line, "reason": reason})
            )
        hidden = len(report.rejected) - LISTED_REJECTIONS
        if hidden > 0:
            self.stdout.write(
                self.style.WARNING(_("… et %(count)d autres lignes rejetées") % {"count": hidden})
            )
        file_format = _("export La Poste jour par jour") if report.format == LAPOSTE else _("format Comptoir")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Import des horaires terminé (%(format)s) : %(rows)d lignes lues, %(points)d points mis à jour, "
                    "%(weekly)d plages hebdomadaires, %(written)d exceptions enregistrées, %(removed)d exceptions "
                    "retirées, %(rejected)d lignes rejetées."
                )
                % {
                    "format": file_format,
                    "rows": report.rows,
                    "points": report.points,
                    "weekly": report.weekly_ranges,
                    "written": report.exceptions_written,
                    "removed": report.exceptions_removed,
                    "rejected": report.rejected_rows,
                }
            )
        )
