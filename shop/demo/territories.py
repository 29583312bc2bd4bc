"""The demo's territories: where each is, its catchment area, its data folder, its counter point, its accounts and
its brand."""

from dataclasses import dataclass
from pathlib import Path

from core import roles

DEMO_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DemoTerritory:
    slug: str
    name: str
    domain: str  # a host name on 127.0.0.1: browsers resolve *.localhost there
    centre_insee: str
    radius_km: float  # the catchment area: the communes within this distance of the centre
    data_dir: Path
    counter_site_id: str  # the counter agent's point when checkout offers the resident none
    resident_address: dict
    users: list  # (role, e-mail, first name, last name)
    brand: dict


VAL_DE_GARONNE = DemoTerritory(
    slug="val-de-garonne",
    name="Val de Garonne",
    domain="valdegaronne.localhost",
    centre_insee="47157",  # Marmande
    radius_km=20.0,  # Val de Garonne Agglomération reaches Tonneins, 18 km from Marmande
    data_dir=DEMO_DIR,
    counter_site_id="08749A",  # Marmande's bureau de poste, 41 rue de la Libération
    resident_address={"line1": "8 rue Abel Boyé", "postcode": "47200", "city": "Marmande"},
    users=[
        (roles.RESIDENT, "habitante@comptoir.test", "Camille", "Laborde"),
        (roles.MERCHANT, "commercant@comptoir.test", "Julien", "Dupuy"),
        (roles.COURIER, "livreur@comptoir.test", "Karim", "Benali"),
        (roles.COUNTER_AGENT, "guichet@comptoir.test", "Sophie", "Marty"),
        (roles.MUNICIPALITY, "mairie@comptoir.test", "Hélène", "Castaing"),
    ],
    brand={
        "tagline": "Les commerces de Marmande et du Val de Garonne, livrés chez vous ou près de chez vous",
        "primary_colour": "#1d4e89",
        "secondary_colour": "#e07a1f",
        "contact_email": "commerce@mairie-marmande.test",
        "contact_phone": "05 53 93 09 09",
        "address": "Hôtel de ville, place Clemenceau\n47200 Marmande",
        "website": "https://www.mairie-marmande.fr",
    },
)
VILLENEUVE = DemoTerritory(
    slug="villeneuve-sur-lot",
    name="Villeneuve-sur-Lot",
    domain="villeneuve.localhost",
    centre_insee="47323",  # Villeneuve-sur-Lot
    radius_km=9.0,  # Bias, Pujols, Le Lédat, Casseneuil, Sainte-Livrade-sur-Lot
    data_dir=DEMO_DIR / "villeneuve-sur-lot",
    counter_site_id="08809A",  # Villeneuve-sur-Lot's bureau de poste, 1 rue du Collège
    resident_address={"line1": "5 rue de Penne", "postcode": "47300", "city": "Villeneuve-sur-Lot"},
    users=[
        (roles.RESIDENT, "habitant.villeneuve@comptoir.test", "Louis", "Fabre"),
        (roles.MERCHANT, "commercant.villeneuve@comptoir.test", "Nadia", "Belkacem"),
        (roles.COURIER, "livreur.villeneuve@comptoir.test", "Thomas", "Rey"),
        (roles.COUNTER_AGENT, "guichet.villeneuve@comptoir.test", "Claire", "Vidal"),
        (roles.MUNICIPALITY, "mairie.villeneuve@comptoir.test", "Patrick", "Lacoste"),
    ],
    brand={
        "tagline": "Les commerces de Villeneuve-sur-Lot et du Grand Villeneuvois, au bout de votre rue",
        "primary_colour": "#6b2d5c",
        "secondary_colour": "#2f7d4f",
        "contact_email": "commerce@mairie-villeneuve.test",
        "contact_phone": "05 53 41 53 53",
        "address": "Hôtel de ville, boulevard de la République\n47300 Villeneuve-sur-Lot",
        "website": "https://www.ville-villeneuve-sur-lot.fr",
    },
)
DEMO_TERRITORIES = [VAL_DE_GARONNE, VILLENEUVE]
# What the tests and the README name: Val de Garonne's.
DEMO_USERS = VAL_DE_GARONNE.users
DEMO_RESIDENT_ADDRESS = VAL_DE_GARONNE.resident_address
DEMO_COUNTER_SITE_ID = VAL_DE_GARONNE.counter_site_id
