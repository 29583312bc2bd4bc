"""The in-memory nearest-point index of each process, and how it stays fresh.

Points live in a k-d tree of their ECEF positions (metres, on the WGS-84 ellipsoid). The geodesic between two
points of the ellipsoid is a curve joining them, so it is never shorter than the straight segment (the chord)
between their ECEF positions. A search therefore:

1. takes the k nearest by chord (more, growing geometrically, while filters or the distance bound reject them)
   and computes their exact geodesic distance; D is the k-th smallest;
2. computes the exact geodesic of every point whose chord is <= D (a point farther than D by chord is farther
   than D on the ellipsoid), so the k nearest by (geodesic, id) are all among the points measured.

The answer is the exact one, for the cost of a tree lookup and about k geodesic computations.

Every process keeps one index and compares ``IndexState`` (one PK lookup) at most every
``PICKUP_INDEX_CHECK_SECONDS``; a new version, recorded by ``pickup.services.index_bump`` with each change to
the points, makes the next search rebuild it."""

import math
import threading
import time
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

import numpy as np
from geographiclib.geodesic import Geodesic
from scipy.spatial import cKDTree

from core.geo import geodesic_m

_GEODESIC = Geodesic.WGS84
_E2 = _GEODESIC.f * (2 - _GEODESIC.f)
# Float rounding of ECEF positions and chords is far below a micrometre; a millimetre of slack costs nothing.
_CHORD_SLACK_M = 1e-3
_GROWTH = 4
_RESTRICTED_CACHE = 32


class Neighbour(NamedTuple):
    id: int
    distance_m: float


def ecef(latitudes, longitudes) -> np.ndarray:
    """Earth-centred positions (n x 3, metres) of points on the WGS-84 ellipsoid."""
    phi = np.radians(np.asarray(latitudes, dtype=np.float64))
    lam = np.radians(np.asarray(longitudes, dtype=np.float64))
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    normal = _GEODESIC.a / np.sqrt(1.0 - _E2 * sin_phi * sin_phi)
    return np.column_stack(
        (normal * cos_phi * np.cos(lam), normal * cos_phi * np.sin(lam), normal * (1.0 - _E2) * sin_phi)
    )


def _codes(labels: Sequence[str] | None, count: int) -> tuple[np.ndarray, list[str]]:
    vocabulary: dict[str, int] = {}
    if labels is None:
        return np.zeros(count, dtype=np.int32), [""]
    codes = np.fromiter(
        (vocabulary.setdefault(label or "", len(vocabulary)) for label in labels), dtype=np.int32, count=count
    )
    return codes, list(vocabulary)


class PointIndex:
    """Immutable nearest-point index over a fixed set of points (ids, positions, categories, type labels)."""

    def __init__(
        self,
        *,
        ids: np.ndarray,
        latitudes: np.ndarray,
        longitudes: np.ndarray,
        category_codes: np.ndarray,
        categories: list[str],
        type_codes: np.ndarray,
        type_labels: list[str],
    ):
        self.ids, self.latitudes, self.longitudes = ids, latitudes, longitudes
        self.category_codes, self.categories = category_codes, categories
        self.type_codes, self.type_labels = type_codes, type_labels
        self.positions = ecef(latitudes, longitudes)
        self.tree = cKDTree(self.positions, balanced_tree=False) if len(ids) else None
        self._restricted: dict[frozenset[str], PointIndex] = {}

    @classmethod
    def from_arrays(
        cls,
        *,
        ids: Sequence[int],
        latitudes: Sequence[float],
        longitudes: Sequence[float],
        categories: Sequence[str] | None = None,
        types: Sequence[str] | None = None,
    ) -> "PointIndex":
        """Builds the index from plain sequences (database rows, a CSV file, synthetic points)."""
        ids_array = np.asarray(ids, dtype=np.int64)
        latitudes_array = np.asarray(latitudes, dtype=np.float64)
        longitudes_array = np.asarray(longitudes, dtype=np.float64)
        count = len(ids_array)
        if not (len(latitudes_array) == len(longitudes_array) == count):
            raise ValueError("ids, latitudes and longitudes must have the same length")
        if count and not (np.isfinite(latitudes_array).all() and np.isfinite(longitudes_array).all()):
            raise ValueError("coordinates must be finite")
        if count and np.abs(latitudes_array).max() > 90:
            raise ValueError("latitudes must lie within [-90, 90]")
        category_codes, category_names = _codes(categories, count)
        type_codes, type_labels = _codes(types, count)
        return cls(
            ids=ids_array,
            latitudes=latitudes_array,
            longitudes=longitudes_array,
            category_codes=category_codes,
            categories=category_names,
            type_codes=type_codes,
            type_labels=type_labels,
        )

    @property
    def size(self) -> int:
        return len(self.ids)

    def nearest(
        self,
        *,
        latitude: float,
        longitude: float,
        limit: int,
        types: Collection[str] | None = None,
        accept: Callable[[list[int]], Collection[int]] | None = None,
        max_distance_m: float | None = None,
    ) -> list[Neighbour]:
        """The ``limit`` nearest points by (geodesic distance, id), exactly.

        ``types`` keeps points whose category or type label (any case) is listed; ``accept`` receives candidate
        ids and returns those to keep; ``max_distance_m`` bounds the distance."""
        if not (math.isfinite(latitude) and math.isfinite(longitude)) or abs(latitude) > 90:
            raise ValueError("latitude must lie within [-90, 90] and longitude be finite")
        index = self._restrict(types) if types else self
        if limit < 1 or not index.size or (max_distance_m is not None and max_distance_m < 0):
            return []
        return index._search(latitude, longitude, limit, accept, max_distance_m)

    def _search(self, latitude, longitude, limit, accept, max_distance_m) -> list[Neighbour]:
        target = ecef([latitude], [longitude])[0]
        count_all = self.size
        measured: dict[int, float] = {}
        seen: set[int] = set()

        def measure(positions) -> None:
            fresh = [position for position in positions if position not in seen]
            if not fresh:
                return
            seen.update(fresh)
            if accept is not None:
                fresh_ids = self.ids[fresh].tolist()
                kept = accept(fresh_ids)
                fresh = [
                    position for position, point_id in zip(fresh, fresh_ids, strict=True) if point_id in kept
                ]
            latitudes, longitudes = self.latitudes[fresh].tolist(), self.longitudes[fresh].tolist()
            for position, lat, lon in zip(fresh, latitudes, longitudes, strict=True):
                distance = geodesic_m(latitude, longitude, lat, lon)
                if max_distance_m is None or distance <= max_distance_m:
                    measured[position] = distance

        reach = math.inf if max_distance_m is None else max_distance_m + _CHORD_SLACK_M
        wanted = min(count_all, limit)
        while True:
            _chords, positions = self.tree.query(target, k=wanted, distance_upper_bound=reach)
            positions = np.atleast_1d(positions)
            within = positions < count_all
            measure(positions[within].tolist())
            # Done when k points qualify, or every point within reach has been measured.
            if len(measured) >= limit or wanted == count_all or not within.all():
                break
            wanted = min(count_all, wanted * _GROWTH)
        if len(measured) >= limit:
            radius = sorted(measured.values())[limit - 1]
            measure(self.tree.query_ball_point(target, radius + _CHORD_SLACK_M))
        ranked = sorted((distance, int(self.ids[position])) for position, distance in measured.items())
        return [Neighbour(id=point_id, distance_m=distance) for distance, point_id in ranked[:limit]]

    def _restrict(self, types: Collection[str]) -> "PointIndex":
        key = frozenset(value.strip().lower() for value in types)
        restricted = self._restricted.get(key)
        if restricted is None:
            categories = [code for code, name in enumerate(self.categories) if name.lower() in key]
            labels = [code for code, label in enumerate(self.type_labels) if label.lower() in key]
            mask = np.isin(self.category_codes, categories) | np.isin(self.type_codes, labels)
            restricted = PointIndex(
                ids=self.ids[mask],
                latitudes=self.latitudes[mask],
                longitudes=self.longitudes[mask],
                category_codes=self.category_codes[mask],
                categories=self.categories,
                type_codes=self.type_codes[mask],
                type_labels=self.type_labels,
            )
            if len(self._restricted) >= _RESTRICTED_CACHE:
                self._restricted.clear()
            self._restricted[key] = restricted
        return restricted

    def memory(self) -> dict[str, int]:
        """Bytes held by the index: its arrays and the k-d tree's nodes and permutation."""
        arrays = sum(
            array.nbytes
            for array in (
                self.ids,
                self.latitudes,
                self.longitudes,
                self.positions,
                self.category_codes,
                self.type_codes,
            )
        )
        nodes = permutation = 0
        if self.tree is not None:
            state = self.tree.__getstate__()
            nodes, permutation = state[0].nbytes, self.tree.indices.nbytes
        return {
            "arrays": arrays,
            "tree_nodes": nodes,
            "tree_indices": permutation,
            "total": arrays + nodes + permutation,
        }


def index_from_database() -> PointIndex:
    """Builds the index from the active contact points (one query)."""
    from pickup.models import ContactPoint

    rows = list(
        ContactPoint.objects.filter(is_active=True)
        .order_by()
        .values_list("pk", "latitude", "longitude", "category", "type")
    )
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return PointIndex.from_arrays(
        ids=columns[0], latitudes=columns[1], longitudes=columns[2], categories=columns[3], types=columns[4]
    )


def _database_stamp():
    """What identifies the points' current state: the IndexState row's version (None before any bump)."""
    from pickup.models import IndexState

    # changed_at tells apart two rows that reached the same version (a table emptied and bumped again).
    return IndexState.objects.filter(pk=1).values_list("version", "changed_at").first()


class _Loaded(NamedTuple):
    index: PointIndex
    stamp: object
    checked_at: float


class IndexHolder:
    """One process's index, rebuilt by one thread when the recorded version changes."""

    def __init__(
        self,
        build: Callable[[], PointIndex] = index_from_database,
        stamp: Callable[[], object] = _database_stamp,
        check_seconds: Callable[[], float] | None = None,
    ):
        self._build, self._stamp = build, stamp
        self._check_seconds = check_seconds or _check_seconds_setting
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None

    def get(self) -> PointIndex:
        loaded = self._loaded
        now = time.monotonic()
        if loaded is not None and now - loaded.checked_at < self._check_seconds():
            return loaded.index
        stamp = self._stamp()
        # Without a recorded version nothing says the points are unchanged: rebuild at every check.
        if loaded is not None and stamp is not None and stamp == loaded.stamp:
            self._loaded = loaded._replace(checked_at=now)
            return loaded.index
        with self._lock:
            current = self._loaded
            if current is not None and current is not loaded and current.stamp == stamp:
                return current.index
            index = self._build()
            self._loaded = _Loaded(index=index, stamp=stamp, checked_at=time.monotonic())
            return index

    def discard(self) -> None:
        with self._lock:
            self._loaded = None


def _check_seconds_setting() -> float:
    from django.conf import settings

    return getattr(settings, "PICKUP_INDEX_CHECK_SECONDS", 2)


_holder = IndexHolder()


def current_index() -> PointIndex:
    """This process's index of the active points, rebuilt first if the points changed since it was built."""
    return _holder.get()


def discard_index() -> None:
    """Forgets this process's index (tests whose rolled-back data would otherwise look unchanged)."""
    _holder.discard()
