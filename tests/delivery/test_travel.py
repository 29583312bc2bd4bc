"""Travel times for the planner: as the crow flies × circuity at each vehicle's speed, or OSRM's table service
(here a local HTTP fake answering as OSRM does), and the fallback when OSRM is down or answers nonsense."""

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from delivery.planning.travel import HaversineTravel, OsrmTravel

MARMANDE = (44.5003, 0.1653)
TONNEINS = (44.3906, 0.3092)


def test_crow_flies_times_circuity_at_each_vehicle_speed():
    matrices = HaversineTravel().matrices([MARMANDE, TONNEINS], {"car", "cargo_bike"})
    road_m = matrices.distances[0][1]
    assert 21_000 < road_m < 22_500  # 16.8 km as the crow flies, × 1.3
    assert matrices.distances[0][0] == 0
    assert matrices.durations["car"][0][1] == pytest.approx(road_m / (32 / 3.6), abs=1)
    assert matrices.durations["cargo_bike"][1][0] == pytest.approx(road_m / (14 / 3.6), abs=1)
    assert matrices.source == "haversine"
    with pytest.raises(ValueError, match="hovercraft"):
        HaversineTravel().matrices([MARMANDE, TONNEINS], {"hovercraft"})


class FakeOsrm:
    """Answers ``/table/v1/driving/lon,lat;lon,lat`` like OSRM 5 does; ``answer`` can be replaced by a test."""

    def __init__(self):
        self.requests: list[str] = []
        self.status = 200
        self.answer = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.requests.append(self.path)
                body = fake.answer if fake.answer is not None else fake.table(self.path)
                data = json.dumps(body).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    max_table_size = 100  # osrm-routed's --max-table-size default

    def table(self, path: str) -> dict:
        parts = urlsplit(path)
        coordinates = parts.path.rsplit("/", 1)[1].split(";")
        places = [tuple(float(part) for part in pair.split(",")) for pair in coordinates]
        query = parse_qs(parts.query)
        every = list(range(len(places)))
        sources = [int(i) for i in query["sources"][0].split(";")] if "sources" in query else every
        destinations = (
            [int(i) for i in query["destinations"][0].split(";")] if "destinations" in query else every
        )
        if len(sources) * len(destinations) > self.max_table_size**2:
            return {"code": "TooBig", "message": "Too many table coordinates"}
        durations = [[self.duration(places[i], places[j]) for j in destinations] for i in sources]
        distances = [[self.distance(places[i], places[j]) for j in destinations] for i in sources]
        waypoint = {
            "hint": "KSoKADRYroqUBAEAEAAAABkAAAAGAAAAAAAAAAAAAAAA",
            "distance": 4.2,
            "name": "Rue Abel Boyé",
        }
        return {
            "code": "Ok",
            "durations": durations,
            "distances": distances,
            "sources": [{**waypoint, "location": list(places[i])} for i in sources],
            "destinations": [{**waypoint, "location": list(places[j])} for j in destinations],
        }

    @staticmethod
    def duration(origin, destination) -> float:
        """A road time that depends on both places and on the direction, so that a table put together from
        blocks can be checked cell by cell."""
        if origin == destination:
            return 0.0
        return round(1200.4 + 40_000 * abs(origin[0] - destination[0]) + 1000 * origin[1] % 7, 1)

    @staticmethod
    def distance(origin, destination) -> float:
        if origin == destination:
            return 0.0
        return round(23_456.7 + 50_000 * abs(origin[1] - destination[1]) + 100 * destination[0] % 3, 1)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def osrm():
    fake = FakeOsrm()
    yield fake
    fake.close()


def test_osrm_table_gives_road_times_and_distances(osrm):
    matrices = OsrmTravel(url=osrm.url).matrices([MARMANDE, TONNEINS], {"car", "electric_van", "cargo_bike"})
    assert matrices.source == "osrm"
    path = urlsplit(osrm.requests[0])
    assert path.path == "/table/v1/driving/0.165300,44.500300;0.309200,44.390600"  # longitude first
    assert parse_qs(path.query) == {"annotations": ["duration,distance"]}
    car = FakeOsrm.duration((MARMANDE[1], MARMANDE[0]), (TONNEINS[1], TONNEINS[0]))
    assert matrices.durations["car"][0][1] == round(car)
    assert matrices.durations["electric_van"][0][1] == round(car * 32 / 28)
    road = FakeOsrm.distance((TONNEINS[1], TONNEINS[0]), (MARMANDE[1], MARMANDE[0]))
    assert matrices.distances[1][0] == round(road)
    assert matrices.durations["cargo_bike"][1][0] == round(road / (14 / 3.6))


def test_a_day_larger_than_osrms_table_limit_is_asked_block_by_block(osrm):
    # 250 places: OSRM refuses 250 × 250; asked as 3 × 3 blocks of at most 100 × 100.
    points = [(44.40 + 0.001 * i, 0.10 + 0.0007 * (i % 37)) for i in range(250)]
    matrices = OsrmTravel(url=osrm.url).matrices(points, {"car"})
    assert matrices.source == "osrm"
    assert len(osrm.requests) == 9
    for request in osrm.requests:
        query = parse_qs(urlsplit(request).query)
        if "sources" in query:
            assert len(query["sources"][0].split(";")) * len(query["destinations"][0].split(";")) <= 100**2
    for i in (0, 99, 100, 199, 249):
        for j in (0, 57, 100, 101, 249):
            # As the URL carries them: longitude first, six decimals.
            origin = (round(points[i][1], 6), round(points[i][0], 6))
            destination = (round(points[j][1], 6), round(points[j][0], 6))
            assert matrices.durations["car"][i][j] == round(FakeOsrm.duration(origin, destination))
            assert matrices.distances[i][j] == round(FakeOsrm.distance(origin, destination))


def test_a_refused_block_falls_back_to_the_crow_flies_for_the_whole_day(osrm, caplog):
    osrm.max_table_size = 10
    points = [(44.40 + 0.001 * i, 0.10) for i in range(30)]
    with caplog.at_level(logging.WARNING, logger="delivery.planning.travel"):
        matrices = OsrmTravel(url=osrm.url, table_size=20).matrices(points, {"car"})
    assert matrices.source == "haversine"
    assert "TooBig" in caplog.text


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "status, answer",
    [
        (400, {"code": "InvalidQuery", "message": "Query string malformed close to position 28"}),
        (200, {"code": "Ok", "durations": [[0, None], [None, 0]], "distances": [[0, None], [None, 0]]}),
        (200, {"code": "Ok", "durations": [[0]]}),
        (502, "<html>Bad Gateway</html>"),
    ],
)
def test_a_bad_osrm_answer_falls_back_to_the_crow_flies(osrm, caplog, status, answer):
    osrm.status, osrm.answer = status, answer
    with caplog.at_level(logging.WARNING, logger="delivery.planning.travel"):
        matrices = OsrmTravel(url=osrm.url).matrices([MARMANDE, TONNEINS], {"car"})
    assert matrices.source == "haversine"
    assert 21_000 < matrices.distances[0][1] < 22_500
    assert "OSRM unavailable" in caplog.text


def test_osrm_down_falls_back_to_the_crow_flies(caplog):
    with caplog.at_level(logging.WARNING, logger="delivery.planning.travel"):
        matrices = OsrmTravel(url=f"http://127.0.0.1:{_closed_port()}", timeout=2).matrices(
            [MARMANDE, TONNEINS], {"car"}
        )
    assert matrices.source == "haversine"
    assert "OSRM unavailable" in caplog.text
