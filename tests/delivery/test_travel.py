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

    @staticmethod
    def table(path: str) -> dict:
        coordinates = urlsplit(path).path.rsplit("/", 1)[1].split(";")
        places = [tuple(float(part) for part in pair.split(",")) for pair in coordinates]
        size = len(places)
        durations = [[0.0 if i == j else 1500.4 + 10 * (i + j) for j in range(size)] for i in range(size)]
        distances = [[0.0 if i == j else 23_456.7 + 100 * (i + j) for j in range(size)] for i in range(size)]
        waypoint = {
            "hint": "KSoKADRYroqUBAEAEAAAABkAAAAGAAAAAAAAAAAAAAAA",
            "distance": 4.2,
            "name": "Rue Abel Boyé",
        }
        return {
            "code": "Ok",
            "durations": durations,
            "distances": distances,
            "sources": [{**waypoint, "location": list(place)} for place in places],
            "destinations": [{**waypoint, "location": list(place)} for place in places],
        }

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
    assert matrices.durations["car"][0][1] == 1510
    assert matrices.durations["electric_van"][0][1] == round(1510.4 * 32 / 28)
    assert matrices.distances[1][0] == 23_557
    assert matrices.durations["cargo_bike"][0][1] == round(23_556.7 / (14 / 3.6))


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
