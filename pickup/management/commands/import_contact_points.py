from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pickup.importers import ContactPointImportError, contact_points_import

LISTED_REJECTIONS = 50


class Command(BaseCommand):
    help = (
        "Importe les points de contact La Poste (export « laposte_poincont2 », en-tête 2020 ou actuel) ; "
        "les points absents du fichier sont désactivés, jamais supprimés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier CSV exporté par La Poste")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="import partiel : ne pas désactiver les points absents du fichier",
        )

    def handle(self, *args, path: str, partial: bool = False, **options):
        self._printed_percent = -2
        show_progress = self.stdout.isatty()
        try:
            report = contact_points_import(
                path=path, full=not partial, progress=self._show_progress if show_progress else None
            )
        except ContactPointImportError as error:
            raise CommandError(str(error)) from None
        finally:
            if show_progress:
                self.stdout.write("")
        for line, reason in report.rejected[:LISTED_REJECTIONS]:
            self.stdout.write(
                self.style.WARNING(_("ligne %(line)d : %(reason)s") % {"line": line, "reason": reason})
            )
        hidden = len(report.rejected) - LISTED_REJECTIONS
        if hidden > 0:
            self.stdout.write(
                self.style.WARNING(_("… et %(count)d autres lignes rejetées") % {"count": hidden})
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Import terminé : %(created)d créés, %(updated)d mis à jour, %(deactivated)d désactivés, "
                    "%(rejected)d rejetés (%(unchanged)d inchangés)."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "deactivated": report.deactivated,
                    "rejected": len(report.rejected),
                    "unchanged": report.unchanged,
                }
            )
        )

    def _show_progress(self, fraction: float) -> None:
        # The importer reports every percent; a terminal line rewritten every 2 % is enough.
        percent = int(fraction * 100)
        if percent >= self._printed_percent + 2 or (percent == 100 and self._printed_percent < 100):
            self._printed_percent = percent
            self.stdout.write(f"\r{_('Import des points de contact')} : {percent:3d} %", ending="")
            self.stdout.flush()
