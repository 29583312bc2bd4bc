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
