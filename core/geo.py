"""Distances on the WGS-84 ellipsoid, and how a page says them."""

from django.utils.formats import number_format
from geographiclib.geodesic import Geodesic

_GEODESIC = Geodesic.WGS84


def geodesic_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres on WGS-84 (what geopy's ``geodesic`` computes)."""
    return _GEODESIC.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


def distance_text(metres: float) -> str:
    """« 760 m » under a kilometre, « 1,1 km » beyond, in the active language's number format."""
    if metres < 1000:
        return f"{number_format(round(metres))} m"
    return f"{number_format(metres / 1000, decimal_pos=1)} km"


EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def haversine_matrix_m(points: list[tuple[float, float]]):
    """Great-circle distances in metres between every pair of ``(latitude, longitude)`` points, as a numpy
    array: the planner's matrices, where a geodesic per pair would be too slow for thousands of places."""
    import numpy

    radians = numpy.radians(numpy.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = radians[:, 0][:, None], radians[:, 1][:, None]
    half = (
        numpy.sin((lat - lat.T) / 2) ** 2
        + numpy.cos(lat) * numpy.cos(lat.T) * numpy.sin((lon - lon.T) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * numpy.arcsin(numpy.sqrt(numpy.clip(half, 0.0, 1.0)))
