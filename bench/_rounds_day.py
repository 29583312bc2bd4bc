"""A realistic delivery day, built from the shipped public data: the demo's 25 shops (their sectors and opening hours)
placed in the territory's communes, residents at home across the communes within the catchment radius, La Poste's
contact points of those communes, morning and afternoon slots, and couriers on a cargo bike, an electric van
(refrigerated) and a car, each with a lunch break. Random but seeded: the same day every run."""

import csv
import json
import math
import random
from pathlib import Path

from core.geo import haversine_matrix_m
from core.postcodes import read_postcodes
from delivery.planning.problem import (
    CHILLED,
    CHILLED_SECTORS,
    Break,
    Problem,
    Shipment,
    Vehicle,
    Visit,
    Window,
)
from delivery.planning.travel import HaversineTravel

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MARMANDE = "47157"
TOWN_SHARE = 0.7

# (profile, parcels, litres, refrigerated) - a town's fleet, in turn
FLEET = [("cargo_bike", 30, 400, False), ("electric_van", 80, 3000, True), ("car", 40, 1500, False)]
SLOTS = {
    "morning": (9 * 3600, 13 * 3600, 8 * 3600),
    "afternoon": (14 * 3600, 19 * 3600, 12 * 3600),
}  # window, ready


def _hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _jitter(rng: random.Random, lat: float, lon: float, metres: float) -> tuple[float, float]:
    dy, dx = (rng.uniform(-metres, metres) for _ in range(2))
    return lat + dy / 111_320, lon + dx / (111_320 * math.cos(math.radians(lat)))


def _communes(radius_km: float) -> list[tuple[str, float, float]]:
    entries = read_postcodes(SHARED / "laposte" / "laposte_hexasmal.csv")
    by_insee = {}
    for entry in entries:
        if entry.latitude is not None:
            by_insee.setdefault(entry.insee_code, (entry.latitude, entry.longitude))
    lat0, lon0 = by_insee[MARMANDE]
    near = {
        insee: point
        for insee, point in by_insee.items()
        if abs(point[0] - lat0) < radius_km / 100 and abs(point[1] - lon0) < radius_km / 70
    }
    distances = haversine_matrix_m([(lat0, lon0), *near.values()])[0][1:]
    return [
        (insee, *point)
        for (insee, point), metres in zip(near.items(), distances, strict=True)
        if metres <= radius_km * 1000
    ]


def _contact_points(insees: set[str]) -> list[tuple[float, float]]:
    path = SHARED / "laposte" / "laposte_poincont2_2020.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [
        (float(row["Latitude"]), float(row["Longitude"]))
        for row in rows
        if row["Code_INSEE"] in insees and row["Latitude"] and row["Longitude"]
    ]


def realistic_day(*, parcels: int, couriers: int, shops: int, radius_km: float, seed: int = 2026) -> Problem:
    rng = random.Random(seed)
    communes = _communes(radius_km)
    insees = {insee for insee, _lat, _lon in communes}
    specs = json.loads((ROOT / "shop" / "demo" / "merchants.json").read_text())
    centre = next((lat, lon) for insee, lat, lon in communes if insee == MARMANDE)
    points: list[tuple[float, float]] = [centre]  # place 0: the couriers' base, by the town hall
    shop_places = []
    for number in range(shops):
        spec = specs[number % len(specs)]
        home = next(((lat, lon) for insee, lat, lon in communes if insee == spec["insee"]), None)
        if home is None or number >= len(specs):
            _insee, *home = rng.choice(communes)
        points.append(_jitter(rng, *home, 700))
        hours = spec["hours"].get("mardi") or next(iter(spec["hours"].values()))
        windows = tuple(Window(_hhmm(span.split("-")[0]), _hhmm(span.split("-")[1])) for span in hours)
        shop_places.append((len(points) - 1, windows, spec["sector"] in CHILLED_SECTORS))
    point_places = []
    for lat, lon in _contact_points(insees):
        points.append((lat, lon))
        point_places.append(len(points) - 1)
    shipments = []
    for number in range(1, parcels + 1):
        shop, opening, chilled = rng.choice(shop_places)
        slot_start, slot_end, ready = SLOTS[rng.choice(list(SLOTS))]
        pickup_windows = tuple(
            Window(max(window.start, ready), min(window.end, slot_end))
            for window in opening
            if min(window.end, slot_end) > max(window.start, ready)
        ) or (Window(ready, slot_end),)
        # most residents live in the town itself, the others across the communes around it
        lat, lon = centre if rng.random() < TOWN_SHARE else rng.choice(communes)[1:]
        home = _jitter(rng, lat, lon, 2000 if (lat, lon) == centre else 1000)
        if point_places and rng.random() < 0.3:  # to the contact point nearest home
            place = min(point_places, key=lambda index: math.dist(points[index], home))
            windows, service = (Window(9 * 3600, 12 * 3600), Window(14 * 3600, 17 * 3600 + 1800)), 60
        else:
            points.append(home)
            place, windows, service = len(points) - 1, (Window(slot_start, slot_end),), 120
        shipments.append(
            Shipment(
                id=number,
                pickup=Visit(place=shop, service=60, windows=pickup_windows),
                delivery=Visit(place=place, service=service, windows=windows),
                amount=(1, rng.choice([5, 10, 20, 40])),
                skills=frozenset({CHILLED}) if chilled else frozenset(),
            )
        )
    vehicles = []
    for number in range(1, couriers + 1):
        profile, count, litres, cold = FLEET[(number - 1) % len(FLEET)]
        vehicles.append(
            Vehicle(
                id=number,
                start=0,
                end=0,
                capacity=(count, litres),
                shift=Window(8 * 3600, 19 * 3600 + 1800),
                skills=frozenset({CHILLED}) if cold else frozenset(),
                breaks=(Break(id=number, windows=(Window(12 * 3600, 14 * 3600),), duration=1800),),
                profile=profile,
            )
        )
    matrices = HaversineTravel().matrices(points, {vehicle.profile for vehicle in vehicles})
    return Problem(
        vehicles=vehicles, shipments=shipments, durations=matrices.durations, distances=matrices.distances
    )
