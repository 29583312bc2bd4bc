from oscar.apps.checkout import utils


class CheckoutSessionData(utils.CheckoutSessionData):
    """Oscar's checkout session, plus the contact point chosen for a pickup."""

    def use_pickup_point(self, *, point_id: int, distance_m: float | None) -> None:
        self._set("pickup", "point_id", point_id)
        self._set("pickup", "distance_m", distance_m)

    def pickup_point_id(self) -> int | None:
        return self._get("pickup", "point_id")

    def pickup_distance_m(self) -> float | None:
        return self._get("pickup", "distance_m")

    def forget_pickup_point(self) -> None:
        self._flush_namespace("pickup")
