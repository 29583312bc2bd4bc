"""What the accessibility statement (« déclaration d'accessibilité », RGAA 4.1) says was measured, in one place.

The browser tests (tests/browser/test_accessibility.py) run axe-core on each of these pages at phone and desktop
widths and fail if the list here and the pages they check part ways, so the statement cannot claim more than
is measured."""

from django.utils.translation import gettext_lazy as _

AXE_VERSION = "4.14.1"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
VIEWPORTS = ((320, 640), (390, 844), (1280, 800))
# Date of the last statement review, shown on the page (ISO date).
STATEMENT_DATE = "2026-12-03"

# (key, label): the key names the page in the browser test's sweep.
AUDITED_PAGES = (
    ("home", _("Accueil")),
    ("catalogue", _("Tous les produits")),
    ("search", _("Résultats de recherche")),
    ("directory", _("Annuaire des commerçants")),
    ("merchant", _("Page d'un commerçant")),
    ("product", _("Fiche produit")),
    ("basket", _("Panier")),
    ("login", _("Connexion et création de compte")),
    ("shipping", _("Commande : mode de réception")),
    ("pickup_point", _("Commande : choix du point de retrait")),
    ("slot", _("Commande : créneau de livraison")),
    ("payment", _("Commande : paiement")),
    ("preview", _("Commande : récapitulatif et paiement")),
    ("confirmation", _("Confirmation de commande")),
    ("account", _("Mon compte")),
    ("orders", _("Mes commandes")),
    ("order", _("Détail d'une commande")),
    ("not_found", _("Page introuvable")),
    ("accessibility", _("Déclaration d'accessibilité")),
)
