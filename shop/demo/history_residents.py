"""The demo history's residents: fictional people of the territory with an account, a membership and their own
address in one of its communes (a few live just outside and collect their orders), some loyal and ordering often,
many occasional, joining over time. Created once; a later run reads them back."""

import random
import string
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model

from core.postcodes import postcode_entries
from shop.demo.history_world import CommunePlace, Point, World, km_between
from territory.models import Membership

UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

FIRST_NAMES = (
    "Adèle Agathe Albane Alice Amandine Anaïs Apolline Aurore Bérénice Capucine Céleste Clémence Colette Elsa "
    "Éloïse Faustine Garance Héloïse Irène Joséphine Justine Louise Lucie Mahaut Margaux Marion Maëlle Noémie "
    "Ophélie Pauline Romane Salomé Solène Suzanne Valentine Victoire Adrien Alban Anatole Antonin Armand Aurélien "
    "Basile Bastien Baptiste Benjamin Clément Corentin Damien Édouard Émile Étienne Félix Florian Gaspard Gauthier "
    "Hippolyte Jérémie Joachim Lilian Léandre Marius Maxence Octave Pacôme Quentin Rémi Sacha Simon Timothée "
    "Valentin Victor"
).split()
LAST_NAMES = (
    "Arrouy Baylac Bergès Bordenave Cabanes Camblong Capdeville Carrère Castex Caussade Daguerre Darrigrand Dufau "
    "Duprat Escudé Estrade Fourcade Gabarra Garrouste Hourcade Labat Labarthe Laborie Lacaze Lafforgue Lagarde "
    "Lamarque Lannes Larrouy Lasserre Laulhé Lescure Loustau Marsan Minvielle Nogaro Pédeboscq Peyrot Pomiès "
    "Poublan Rivière Sabathé Saubion Serres Soulé Tachon Tauzin Tournié Vergez Vignau"
).split()
STREETS = (
    "rue des Tanneurs",
    "rue de la Paix",
    "avenue de la Gare",
    "chemin de Lagupie",
    "rue Labat",
    "boulevard de la Liberté",
    "rue des Capucins",
    "impasse des Acacias",
    "route de Bordeaux",
    "rue du Port",
    "place du Marché",
    "allée des Platanes",
    "chemin du Lac",
    "rue Saint-Benoît",
    "lotissement Les Vergers",
)
OUTSIDE_SHARE = 0.04
FOUNDERS_SHARE = 0.4  # residents who had an account before the history starts
# (share, weight range): a few loyal residents order every week or so, many now and then.
LOYALTY = ((0.12, (8.0, 15.0)), (0.3, (2.0, 4.0)), (1.0, (0.3, 1.0)))
# Preferred way of receiving: inside the catchment area, and outside it (no home delivery there).
MODES_INSIDE = (("home", 0.55), ("point", 0.25), ("shop", 0.2))
MODES_OUTSIDE = (("point", 0.7), ("shop", 0.3))


@dataclass(frozen=True)
class Resident:
    user_id: int
    username: str
    first_name: str
    last_name: str
    joined: date
    weight: float
    mode: str
    line1: str
    line4: str
    postcode: str
    insee: str | None  # None: outside the catchment area
    place: tuple[float, float]
    point: Point | None  # the contact point nearest home


class ResidentPool:
    """The residents by the day they joined, for drawing who orders on a day (the loyal ones more often)."""

    def __init__(self, residents: list[Resident]):
        self.residents = sorted(residents, key=lambda resident: (resident.joined, resident.user_id))
        self.joined = [resident.joined for resident in self.residents]
        self.cumulative = list(accumulate(resident.weight for resident in self.residents))

    def draw(self, *, day: date, rng: random.Random) -> Resident | None:
        members = bisect_right(self.joined, day)
        if not members:
            return None
        target = rng.random() * self.cumulative[members - 1]
        return self.residents[min(bisect_right(self.cumulative, target), members - 1)]


def _prefix(world: World) -> str:
    return f"habitant-{world.territory.pk}-"


def _traits(username: str) -> tuple[float, float]:
    """A resident's loyalty and a draw for their preferred mode, from their account alone (so a later run with
    another seed reads the same person)."""
    rng = random.Random(f"traits-{username}")
    draw = rng.random()
    low, high = next(bounds for share, bounds in LOYALTY if draw < share)
    return rng.uniform(low, high), rng.random()


def _mode(draw: float, inside: bool) -> str:
    total = 0.0
    for mode, share in MODES_INSIDE if inside else MODES_OUTSIDE:
        total += share
        if draw < total:
            return mode
    return "shop"


def _jitter(username: str, place: tuple[float, float]) -> tuple[float, float]:
    rng = random.Random(f"home-{username}")
    return (place[0] + rng.uniform(-0.012, 0.012), place[1] + rng.uniform(-0.016, 0.016))


def _nearest(world: World, place: tuple[float, float]) -> Point | None:
    return min(world.points, key=lambda point: km_between(point.place, place), default=None)


def _outside_places(world: World) -> list[CommunePlace]:
    """Communes within a few kilometres of the catchment area's edge, not in it."""
    inside = {commune.insee for commune in world.communes}
    if not world.communes:
        return []
    reach = max(km_between(commune.place, world.centre) for commune in world.communes) + 8
    seen, places = set(), []
    for entry in postcode_entries():
        if entry.latitude is None or entry.insee_code in inside or entry.insee_code in seen:
            continue
        if km_between((entry.latitude, entry.longitude), world.centre) <= reach:
            seen.add(entry.insee_code)
            places.append(
                CommunePlace(
                    entry.insee_code,
                    entry.commune.title(),
                    entry.postcode,
                    (entry.latitude, entry.longitude),
                    1,
                )
            )
    return sorted(places, key=lambda place: place.insee)


def residents_ensure(*, world: World, count: int, seed, start: date, end: date) -> tuple[list[Resident], int]:
    """The territory's first ``count`` history residents, created when missing (joining before ``start`` for some,
    between ``start`` and ``end`` for the others); returns them and how many were created."""
    User = get_user_model()
    prefix = _prefix(world)
    existing = {
        user.username: user for user in User.objects.filter(username__startswith=prefix).order_by("username")
    }
    wanted = [f"{prefix}{number:05d}" for number in range(1, count + 1)]
    missing = [username for username in wanted if username not in existing]
    if missing:
        _create(world=world, usernames=missing, seed=seed, start=start, end=end)
        existing = {user.username: user for user in User.objects.filter(username__in=wanted)}
    addresses = {
        address.user_id: address
        for address in UserAddress.objects.filter(user__username__in=wanted, is_default_for_shipping=True)
    }
    communes = {(commune.postcode, commune.name): commune for commune in world.communes}
    outside = {(place.postcode, place.name): place for place in _outside_places(world)} if addresses else {}
    residents = []
    for username in wanted:
        user = existing[username]
        address = addresses.get(user.pk)
        if address is None:
            continue
        commune = communes.get((address.postcode, address.line4))
        place = (
            commune.place
            if commune
            else getattr(outside.get((address.postcode, address.line4)), "place", world.centre)
        )
        home = _jitter(username, place)
        weight, draw = _traits(username)
        residents.append(
            Resident(
                user_id=user.pk,
                username=username,
                first_name=user.first_name,
                last_name=user.last_name,
                joined=timezone.localtime(user.date_joined).date(),
                weight=weight,
                mode=_mode(draw, inside=commune is not None),
                line1=address.line1,
                line4=address.line4,
                postcode=address.postcode,
                insee=commune.insee if commune else None,
                place=home,
                point=_nearest(world, home),
            )
        )
    return residents, len(missing)


def _create(*, world: World, usernames: list[str], seed, start: date, end: date) -> None:
    User = get_user_model()
    france = Country.objects.get(iso_3166_1_a2="FR")
    outside = _outside_places(world)
    cumulative = list(accumulate(commune.weight for commune in world.communes))
    span = max((end - start).days, 1)
    users, homes = [], []
    for username in usernames:
        rng = random.Random(f"{seed}-{username}")
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if outside and rng.random() < OUTSIDE_SHARE:
            commune = rng.choice(outside)
        else:
            commune = world.communes[bisect_right(cumulative, rng.random() * cumulative[-1])]
        if rng.random() < FOUNDERS_SHARE:
            joined = start - timedelta(days=rng.randint(1, 400))
        else:
            joined = start + timedelta(days=rng.randrange(span))
        number = username.rsplit("-", 1)[1]
        password = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(40))
        users.append(
            User(
                username=username,
                email=f"{slugify(first_name)}.{slugify(last_name)}.{number}@habitants.{world.territory.slug}.comptoir.test",
                first_name=first_name,
                last_name=last_name,
                password=UNUSABLE_PASSWORD_PREFIX + password,
                date_joined=timezone.make_aware(
                    datetime.combine(joined, time(rng.randint(8, 21), rng.randrange(60)))
                ),
            )
        )
        homes.append((commune, f"{rng.randint(1, 120)} {rng.choice(STREETS)}", joined))
    User.objects.bulk_create(users, batch_size=2000)
    created = {user.username: user for user in User.objects.filter(username__in=usernames)}
    memberships, addresses = [], []
    for user, (commune, line1, _joined) in zip(users, homes, strict=True):
        user = created[user.username]
        memberships.append(Membership(user=user, territory=world.territory))
        address = UserAddress(
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            line1=line1,
            line4=commune.name,
            postcode=commune.postcode,
            country=france,
            phone_number="",
            is_default_for_shipping=True,
            is_default_for_billing=True,
        )
        address._update_search_text()
        address.hash = address.generate_hash()
        addresses.append(address)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    UserAddress.objects.bulk_create(addresses, batch_size=2000)
