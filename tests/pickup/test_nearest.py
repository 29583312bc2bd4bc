"""Nearest contact points: exact against a geopy scan, filters, limits, freshness across processes' indexes.

The reference answer scores every point on the sphere (vectorised), then measures with geopy's ``geodesic`` every
point that can rank: spherical and WGS-84 distances differ by less than 0.6 %, so each of the true k nearest
scores within 2 % (+1 m) of the k-th spherical score. ``test_reference_scan_equals_full_geopy_scan`` checks it
against geopy on every point."""

import csv
import datetime
import multiprocessing
import threading
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.db import connection, connections
from geopy.distance import geodesic

from pickup import selectors
from pickup.index import IndexHolder, PointIndex, current_index, discard_index
from pickup.models import ContactPoint, category_of
from pickup.selectors import contact_points_nearest
from pickup.services import index_bump

MARMANDE = (44.5000, 0.1650)
MAINLAND = ((42.3, 51.1), (-4.8, 8.2))
CORSICA = ((41.4, 43.0), (8.5, 9.6))
LIMITS = [1, 5, 10, 20, 50]
EARTH_MEAN_RADIUS_M = 6_371_008.8


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.PICKUP_INDEX_CHECK_SECONDS = 0
    discard_index()
    yield
    discard_index()


@lru_cache(maxsize=1)
def national_rows() -> tuple[dict, ...]:
    """The 17,703 rows of La Poste's 2020 export that have coordinates, numbered by their line."""
    path = Path(settings.LAPOSTE_DATA_DIR) / "laposte_poincont2_2020.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
            if row["Latitude"] and row["Longitude"]:
                rows.append(
                    {
                        "line": line,
                        "site_id": row["#Identifiant_du_site"],
                        "name": row["Libellé_du_site"],
                        "type": row["Caractéristique_du_site"],
                        "postcode": row["Code_postal"],
                        "city": row["Localité"],
                        "latitude": float(row["Latitude"]),
                        "longitude": float(row["Longitude"]),
                    }
                )
    return tuple(rows)


@pytest.fixture(scope="module")
def national_index() -> PointIndex:
    rows = national_rows()
    return PointIndex.from_arrays(
        ids=[row["line"] for row in rows],
        latitudes=[row["latitude"] for row in rows],
        longitudes=[row["longitude"] for row in rows],
        categories=[category_of(row["type"]) for row in rows],
        types=[row["type"] for row in rows],
    )


@pytest.fixture
def national_points(db) -> list[ContactPoint]:
    """The national points in the test database, the index version bumped."""
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                site_id=row["site_id"],
                name=row["name"],
                type=row["type"],
                category=category_of(row["type"]),
                postcode=row["postcode"],
                city=row["city"],
                latitude=row["latitude"],
                longitude=row["longitude"],
            )
            for row in national_rows()
        ],
        batch_size=2000,
    )
    index_bump()
    return list(ContactPoint.objects.order_by("pk"))


def reference_nearest(ids, latitudes, longitudes, latitude, longitude, limit, max_distance_m=None):
    """(geopy distance in metres, id) of the ``limit`` nearest, sorted by (distance, id)."""
    ids, latitudes, longitudes = np.asarray(ids), np.asarray(latitudes), np.asarray(longitudes)
    if not len(ids) or limit < 1:
        return []
    phi1, phi2 = np.radians(latitude), np.radians(latitudes)
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(longitudes - longitude) / 2) ** 2
    )
    spherical = 2 * EARTH_MEAN_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    kth = np.partition(spherical, min(limit, len(ids)) - 1)[min(limit, len(ids)) - 1]
    if max_distance_m is not None:
        kth = min(kth, max_distance_m)
    band = np.nonzero(spherical <= kth * 1.02 + 1.0)[0]
    measured = sorted(
        (geodesic((latitude, longitude), (float(latitudes[i]), float(longitudes[i]))).meters, int(ids[i]))
        for i in band
    )
    if max_distance_m is not None:
        measured = [(distance, point_id) for distance, point_id in measured if distance <= max_distance_m]
    return measured[:limit]


def reference_for_rows(rows, latitude, longitude, limit, key="line", **kwargs):
    return reference_nearest(
        [row[key] for row in rows],
        [row["latitude"] for row in rows],
        [row["longitude"] for row in rows],
        latitude,
        longitude,
        limit,
        **kwargs,
    )


def assert_same(found, expected, id_of=lambda item: item.id):
    assert [id_of(item) for item in found] == [point_id for _distance, point_id in expected]
    for item, (distance, _id) in zip(found, expected, strict=True):
        assert abs(item.distance_m - distance) <= 0.01


def queries_across_france(count: int, seed: int) -> list[tuple[float, float, int]]:
    """Random positions: mainland and Corsica, near and exactly on points (shared coordinates), overseas."""
    rng = np.random.default_rng(seed)
    rows = national_rows()
    overseas = [row for row in rows if row["postcode"].startswith("97")]
    shared: dict[tuple[float, float], int] = {}
    for row in rows:
        shared[(row["latitude"], row["longitude"])] = shared.get((row["latitude"], row["longitude"]), 0) + 1
    stacked = [position for position, number in shared.items() if number > 1]
    positions = []
    for number in range(count):
        kind = number % 20
        if kind < 14:
            (south, north), (west, east) = MAINLAND
            position = (rng.uniform(south, north), rng.uniform(west, east))
        elif kind < 16:
            (south, north), (west, east) = CORSICA
            position = (rng.uniform(south, north), rng.uniform(west, east))
        elif kind == 16:
            row = rows[rng.integers(len(rows))]
            position = (
                row["latitude"] + rng.uniform(-0.02, 0.02),
                row["longitude"] + rng.uniform(-0.02, 0.02),
            )
        elif kind == 17:
            row = rows[rng.integers(len(rows))]
            position = (row["latitude"], row["longitude"])
        elif kind == 18:
            position = stacked[rng.integers(len(stacked))]
        else:
            row = overseas[rng.integers(len(overseas))]
            position = (row["latitude"] + rng.uniform(-0.2, 0.2), row["longitude"] + rng.uniform(-0.2, 0.2))
        positions.append((float(position[0]), float(position[1]), LIMITS[number % len(LIMITS)]))
    return positions


def make_point(site_id, latitude, longitude, type="Bureau de Poste", **fields) -> ContactPoint:
    return ContactPoint.objects.create(
        site_id=site_id,
        name=fields.pop("name", site_id),
        type=type,
        postcode=fields.pop("postcode", "47200"),
        city=fields.pop("city", "MARMANDE"),
        latitude=latitude,
        longitude=longitude,
        **fields,
    )


# Exactness


def test_reference_scan_equals_full_geopy_scan():
    rows = national_rows()
    for latitude, longitude, limit in [(44.51, 0.17, 10), (48.8566, 2.3522, 20)]:
        everything = sorted(
            (geodesic((latitude, longitude), (row["latitude"], row["longitude"])).meters, row["line"])
            for row in rows
        )
        assert reference_for_rows(rows, latitude, longitude, limit) == everything[:limit]


def test_index_answers_1000_random_queries_like_a_geopy_scan(national_index):
    rows = national_rows()
    assert national_index.size == len(rows) == 17_703
    for latitude, longitude, limit in queries_across_france(1000, seed=3):
        found = national_index.nearest(latitude=latitude, longitude=longitude, limit=limit)
        assert_same(found, reference_for_rows(rows, latitude, longitude, limit))


def test_points_sharing_coordinates_come_by_increasing_id(national_index):
    rows = national_rows()
    shared = {}
    for row in rows:
        shared.setdefault((row["latitude"], row["longitude"]), []).append(row["line"])
    (latitude, longitude), lines = max(shared.items(), key=lambda item: len(item[1]))
    assert len(lines) >= 3
    found = national_index.nearest(latitude=latitude, longitude=longitude, limit=len(lines))
    assert [neighbour.id for neighbour in found] == sorted(lines)
    assert all(neighbour.distance_m == 0 for neighbour in found)


def test_selector_answers_like_a_geopy_scan_on_imported_points(national_points):
    rows = [
        {"pk": point.pk, "latitude": point.latitude, "longitude": point.longitude}
        for point in national_points
    ]
    for latitude, longitude, limit in queries_across_france(50, seed=11):
        found = contact_points_nearest(latitude=latitude, longitude=longitude, limit=limit)
        assert_same(
            found, reference_for_rows(rows, latitude, longitude, limit, key="pk"), lambda item: item.point.pk
        )
        assert all(isinstance(item.point, ContactPoint) for item in found)


@pytest.mark.django_db
def test_a_warm_search_costs_a_version_check_and_one_select(django_assert_num_queries, settings):
    make_point("A", 44.50, 0.16)
    make_point("B", 44.52, 0.18)
    index_bump()
    contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5)
    with django_assert_num_queries(2):
        assert len(contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5)) == 2
    settings.PICKUP_INDEX_CHECK_SECONDS = 60
    with django_assert_num_queries(1):
        assert len(contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5)) == 2


# Filters


@pytest.mark.parametrize(
    "types",
    [
        ["bureau"],
        ["relais"],
        ["AGENCE POSTALE INTERCOMMUNALE"],
        ["relais", "Agence postale militaire"],
        ["Bureau"],
    ],
)
def test_types_filter_on_category_or_label_any_case(national_index, types):
    wanted = {value.lower() for value in types}
    rows = [
        row for row in national_rows() if category_of(row["type"]) in wanted or row["type"].lower() in wanted
    ]
    for latitude, longitude, limit in queries_across_france(40, seed=5):
        found = national_index.nearest(latitude=latitude, longitude=longitude, limit=limit, types=types)
        assert_same(found, reference_for_rows(rows, latitude, longitude, limit))


def test_unknown_type_finds_nothing(national_index):
    assert national_index.nearest(latitude=45.0, longitude=1.0, limit=5, types=["Bureau de tabac"]) == []


@pytest.mark.parametrize("max_distance_m", [0, 800, 3_000, 12_000])
def test_max_distance_bounds_the_answer(national_index, max_distance_m):
    rows = national_rows()
    for latitude, longitude, limit in queries_across_france(40, seed=7):
        found = national_index.nearest(
            latitude=latitude, longitude=longitude, limit=limit, max_distance_m=max_distance_m
        )
        expected = reference_for_rows(rows, latitude, longitude, limit, max_distance_m=max_distance_m)
        assert_same(found, expected)
        assert all(neighbour.distance_m <= max_distance_m for neighbour in found)


def test_rare_accepted_points_are_found_by_growing_the_candidates(national_index):
    rows = [row for row in national_rows() if row["line"] % 97 == 0]
    asked = []

    def accept(ids):
        asked.append(len(ids))
        return {point_id for point_id in ids if point_id % 97 == 0}

    for latitude, longitude, limit in queries_across_france(20, seed=13):
        found = national_index.nearest(latitude=latitude, longitude=longitude, limit=limit, accept=accept)
        assert_same(found, reference_for_rows(rows, latitude, longitude, limit))
    assert max(asked) > 50


@pytest.mark.django_db
def test_open_on_keeps_points_open_that_day(monkeypatch):
    near = make_point("NEAR", 44.501, 0.166)
    middle = make_point("MIDDLE", 44.51, 0.17)
    far = make_point("FAR", 44.60, 0.30)
    index_bump()
    day = datetime.date(2025, 6, 14)
    calls = []

    def open_point_ids_on(*, day, point_ids):
        calls.append((day, point_ids))
        return {point_id for point_id in (middle.pk, far.pk) if point_ids is None or point_id in point_ids}

    monkeypatch.setattr(selectors, "open_point_ids_on", open_point_ids_on)
    found = contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5, open_on=day)
    assert [item.point for item in found] == [middle, far]
    assert all(called_day == day for called_day, _ids in calls)
    assert [
        item.point for item in contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5)
    ] == [
        near,
        middle,
        far,
    ]


def test_open_on_with_few_open_points_asks_for_the_whole_day_once(national_points, monkeypatch):
    open_ids = {point.pk for point in national_points[::500]}
    calls = []

    def open_point_ids_on(*, day, point_ids):
        calls.append(point_ids)
        return open_ids if point_ids is None else open_ids & set(point_ids)

    monkeypatch.setattr(selectors, "open_point_ids_on", open_point_ids_on)
    rows = [
        {"pk": point.pk, "latitude": point.latitude, "longitude": point.longitude}
        for point in national_points
        if point.pk in open_ids
    ]
    found = contact_points_nearest(
        latitude=48.85, longitude=2.35, limit=5, open_on=datetime.date(2025, 6, 15)
    )
    assert_same(found, reference_for_rows(rows, 48.85, 2.35, 5, key="pk"), lambda item: item.point.pk)
    assert calls.count(None) == 1
    assert all(ids is None or len(ids) <= 2000 for ids in calls)


@pytest.mark.django_db
def test_inactive_points_are_never_offered():
    make_point("NEAR", 44.501, 0.166, is_active=False)
    active = make_point("FAR", 44.60, 0.30)
    index_bump()
    found = contact_points_nearest(latitude=MARMANDE[0], longitude=MARMANDE[1], limit=5)
    assert [item.point for item in found] == [active]
    assert current_index().size == 1


# Freshness


@pytest.mark.django_db
def test_a_new_point_is_found_after_the_version_goes_up():
    far = make_point("FAR", 44.60, 0.30)
    index_bump()
    assert [item.point for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)] == [far]
    near = make_point("NEAR", 44.501, 0.166)
    index_bump()
    assert [item.point for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)] == [near]


@pytest.mark.django_db
def test_a_deactivated_point_disappears_after_the_version_goes_up():
    near = make_point("NEAR", 44.501, 0.166)
    far = make_point("FAR", 44.60, 0.30)
    index_bump()
    assert [item.point for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=2)] == [
        near,
        far,
    ]
    near.is_active = False
    near.save()
    index_bump()
    assert [item.point for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=2)] == [far]
    assert current_index().size == 1


@pytest.mark.django_db
def test_a_moved_point_is_measured_where_it_now_is():
    point = make_point("MOVING", 44.60, 0.30)
    index_bump()
    before = contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)[0].distance_m
    ContactPoint.objects.filter(pk=point.pk).update(latitude=44.5, longitude=0.165)
    index_bump()
    assert before > 10_000
    assert contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)[0].distance_m == 0


@pytest.mark.django_db
def test_the_version_is_checked_at_most_every_configured_seconds(settings):
    far = make_point("FAR", 44.60, 0.30)
    index_bump()
    settings.PICKUP_INDEX_CHECK_SECONDS = 3600
    contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)
    make_point("NEAR", 44.501, 0.166)
    index_bump()
    assert [item.point for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)] == [far]
    settings.PICKUP_INDEX_CHECK_SECONDS = 0
    assert [
        item.point.site_id for item in contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)
    ] == ["NEAR"]


@pytest.mark.django_db
def test_each_process_index_follows_the_recorded_version():
    first_process, second_process = IndexHolder(), IndexHolder()
    make_point("FAR", 44.60, 0.30)
    index_bump()
    assert first_process.get().size == second_process.get().size == 1
    make_point("NEAR", 44.501, 0.166)
    index_bump()
    assert first_process.get().size == second_process.get().size == 2
    ContactPoint.objects.filter(site_id="NEAR").update(is_active=False)
    index_bump()
    assert first_process.get().size == second_process.get().size == 1


def _search_worker(pipe) -> None:
    """A separate process (a gunicorn or Celery worker) answering searches with its own index."""
    try:
        while (position := pipe.recv()) is not None:
            found = contact_points_nearest(latitude=position[0], longitude=position[1], limit=5)
            pipe.send([item.point.site_id for item in found])
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_every_worker_process_answers_from_new_points_without_a_restart():
    if connection.vendor != "postgresql":
        pytest.skip("separate processes share the test database only on a database server")
    make_point("FAR", 44.60, 0.30)
    index_bump()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    workers = []
    for _ in range(2):
        ours, theirs = context.Pipe()
        process = context.Process(target=_search_worker, args=(theirs,))
        process.start()
        workers.append((process, ours))

    def answers():
        for _process, pipe in workers:
            pipe.send((44.5, 0.165))
        return [pipe.recv() if pipe.poll(30) else "no answer" for _process, pipe in workers]

    try:
        assert answers() == [["FAR"], ["FAR"]]
        near = make_point("NEAR", 44.501, 0.166)
        index_bump()
        assert answers() == [["NEAR", "FAR"], ["NEAR", "FAR"]]
        ContactPoint.objects.filter(pk=near.pk).update(is_active=False)
        index_bump()
        assert answers() == [["FAR"], ["FAR"]]
    finally:
        for process, pipe in workers:
            pipe.send(None)
            process.join(10)


def test_concurrent_searches_rebuild_the_index_once_per_version():
    stamp = {"version": 1}
    builds = []

    def build():
        builds.append(stamp["version"])
        time.sleep(0.05)
        return PointIndex.from_arrays(ids=[stamp["version"]], latitudes=[44.5], longitudes=[0.16])

    holder = IndexHolder(build=build, stamp=lambda: stamp["version"], check_seconds=lambda: 0)
    barrier = threading.Barrier(8)
    seen = []

    def search():
        barrier.wait()
        seen.append(int(holder.get().ids[0]))

    for version in (1, 2):
        stamp["version"] = version
        threads = [threading.Thread(target=search) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert builds == [1, 2]
    assert seen == [1] * 8 + [2] * 8


def test_an_unversioned_database_is_reread_at_every_check():
    builds = []
    holder = IndexHolder(
        build=lambda: builds.append(1) or PointIndex.from_arrays(ids=[], latitudes=[], longitudes=[]),
        stamp=lambda: None,
        check_seconds=lambda: 0,
    )
    holder.get()
    holder.get()
    assert len(builds) == 2


# Limits


@pytest.mark.django_db
def test_a_limit_over_the_matching_points_returns_them_all_nearest_first():
    points = [make_point(f"P{number}", 44.5 + number * 0.01, 0.165) for number in range(4)]
    make_point("RELAY", 44.49, 0.165, type="Relais poste commerçant")
    index_bump()
    found = contact_points_nearest(latitude=44.5, longitude=0.165, limit=50, types=["bureau"])
    assert [item.point for item in found] == points
    assert [item.distance_m for item in found] == sorted(item.distance_m for item in found)
    assert len(contact_points_nearest(latitude=44.5, longitude=0.165, limit=50)) == 5


@pytest.mark.django_db
def test_no_points_or_a_zero_limit_give_an_empty_answer():
    assert contact_points_nearest(latitude=44.5, longitude=0.165, limit=5) == []
    make_point("A", 44.5, 0.165)
    index_bump()
    assert contact_points_nearest(latitude=44.5, longitude=0.165, limit=0) == []
    assert len(contact_points_nearest(latitude=44.5, longitude=0.165, limit=1)) == 1


def test_the_whole_country_can_be_asked_for(national_index):
    found = national_index.nearest(latitude=44.5, longitude=0.165, limit=20_000)
    assert len(found) == national_index.size
    assert [n.id for n in found[:50]] == [
        point_id for _d, point_id in reference_for_rows(national_rows(), 44.5, 0.165, 50)
    ]
    assert all(a.distance_m <= b.distance_m for a, b in zip(found, found[1:], strict=False))


def test_impossible_coordinates_are_refused(national_index):
    with pytest.raises(ValueError):
        national_index.nearest(latitude=91, longitude=0, limit=5)
    with pytest.raises(ValueError):
        national_index.nearest(latitude=float("nan"), longitude=0, limit=5)
