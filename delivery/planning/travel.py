"""Travel times between places, for the planner: as the crow flies times a circuity at a vehicle's average speed,
or from an OSRM server's ``table`` service when one is configured, falling back to the former when it fails.

A provider answers ``matrices(points, profiles)``: for each vehicle profile, durations in whole seconds, plus the
distances in metres (for the kilometres a round drives)."""

import logging
from dataclasses import dataclass, field

import requests

from core.geo import haversine_matrix_m

logger = logging.getLogger(__name__)

# Average speeds in town and around it, door to door (km/h).
DEFAULT_SPEEDS_KMH = {"cargo_bike": 14.0, "electric_van": 28.0, "car": 32.0}
DEFAULT_CIRCUITY = 1.3  # roads are about 30 % longer than the straight line in a French small town's area


@dataclass
class Matrices:
    durations: dict[str, list[list[int]]]  # seconds, per profile
    distances: list[list[int]]  # metres
    source: str  # "haversine" or "osrm"


@dataclass
class HaversineTravel:
    circuity: float = DEFAULT_CIRCUITY
    speeds_kmh: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEEDS_KMH))

    def matrices(self, points: list[tuple[float, float]], profiles: set[str]) -> Matrices:
        road_m = haversine_matrix_m(points) * self.circuity
        return Matrices(
            durations={profile: _seconds(road_m, self._speed(profile)) for profile in profiles},
            distances=road_m.round().astype(int).tolist(),
            source="haversine",
        )

    def _speed(self, profile: str) -> float:
        if profile not in self.speeds_kmh:
            raise ValueError(f"no average speed for the vehicle profile {profile!r}")
        return self.speeds_kmh[profile]


def _seconds(metres, speed_kmh: float) -> list[list[int]]:
    return (metres / (speed_kmh / 3.6)).round().astype(int).tolist()


class OsrmUnavailable(Exception):
    pass


@dataclass
class OsrmTravel:
    """OSRM's ``/table/v1/driving/`` (durations and distances by road). Motor vehicles take OSRM's durations scaled
    to their average speed against the car's; a cargo bike rides OSRM's road distances at its own speed.

    OSRM refuses a table larger than its ``--max-table-size`` (100 by default) squared, and a URL of thousands of
    coordinates: a larger day is asked block by block (``table_size`` sources × ``table_size`` destinations)."""

    url: str
    timeout: float = 10.0
    fallback: HaversineTravel = field(default_factory=HaversineTravel)
    table_size: int = 100

    def matrices(self, points: list[tuple[float, float]], profiles: set[str]) -> Matrices:
        try:
            durations, distances = self._table(points)
        except OsrmUnavailable as error:
            logger.warning("OSRM unavailable, travel times as the crow flies × circuity: %s", error)
            return self.fallback.matrices(points, profiles)
        speeds = self.fallback.speeds_kmh
        car = speeds["car"]
        result = {}
        for profile in profiles:
            if profile == "cargo_bike":
                result[profile] = _seconds(distances, self.fallback._speed(profile))
            else:
                result[profile] = (
                    (durations * (car / self.fallback._speed(profile))).round().astype(int).tolist()
                )
        return Matrices(durations=result, distances=distances.round().astype(int).tolist(), source="osrm")

    def _table(self, points):
        import numpy

        size = len(points)
        durations = numpy.zeros((size, size))
        distances = numpy.zeros((size, size))
        blocks = [
            range(start, min(start + self.table_size, size)) for start in range(0, size, self.table_size)
        ]
        with requests.Session() as session:
            for rows in blocks:
                for columns in blocks:
                    block = (rows.start, rows.stop), (columns.start, columns.stop)
                    if rows == columns:
                        answer = self._request(session, [points[i] for i in rows], len(rows), len(rows), None)
                    else:
                        places = [points[i] for i in rows] + [points[j] for j in columns]
                        answer = self._request(session, places, len(rows), len(columns), len(rows))
                    (top, bottom), (left, right) = block
                    durations[top:bottom, left:right], distances[top:bottom, left:right] = answer
        return durations, distances

    def _request(self, session, places, sources: int, destinations: int, split: int | None):
        """One table: every place to every place (``split`` None), or the first ``split`` places to the others."""
        import numpy

        coordinates = ";".join(f"{longitude:.6f},{latitude:.6f}" for latitude, longitude in places)
        params = {"annotations": "duration,distance"}
        if split is not None:
            params["sources"] = ";".join(str(i) for i in range(split))
            params["destinations"] = ";".join(str(i) for i in range(split, len(places)))
        try:
            response = session.get(
                f"{self.url.rstrip('/')}/table/v1/driving/{coordinates}", params=params, timeout=self.timeout
            )
            body = response.json()
        except (requests.RequestException, ValueError) as error:
            raise OsrmUnavailable(str(error)) from error
        if not isinstance(body, dict):
            raise OsrmUnavailable(f"HTTP {response.status_code}, not an OSRM answer")
        if response.status_code != 200 or body.get("code") != "Ok":
            raise OsrmUnavailable(
                f"HTTP {response.status_code}, {body.get('code')}: {body.get('message', '')}"
            )
        try:
            durations = numpy.array(body["durations"], dtype=float)
            distances = numpy.array(body["distances"], dtype=float)
        except (KeyError, TypeError, ValueError) as error:
            raise OsrmUnavailable(f"unexpected answer: {error}") from error
        shape = (sources, destinations)
        if durations.shape != shape or distances.shape != shape or numpy.isnan(durations).any():
            raise OsrmUnavailable("a place OSRM cannot route to, or a table of the wrong size")
        return durations, distances
