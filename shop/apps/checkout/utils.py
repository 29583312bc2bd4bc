from oscar.apps.checkout import utils


class CheckoutSessionData(utils.CheckoutSessionData):
    """Oscar's checkout session, plus the contact point chosen for a pickup and the slot for a home delivery."""

    def use_pickup_point(self, *, point_id: int, distance_m: float | None) -> None:
        self._set("pickup", "point_id", point_id)
        self._set("pickup", "distance_m", distance_m)

    def pickup_point_id(self) -> int | None:
        return self._get("pickup", "point_id")

    def pickup_distance_m(self) -> float | None:
        return self._get("pickup", "distance_m")

    def forget_pickup_point(self) -> None:
        self._flush_namespace("pickup")

    def use_delivery_slot(self, *, key: str) -> None:
        self._set("delivery_slot", "key", key)

    def delivery_slot_key(self) -> str:
        return self._get("delivery_slot", "key") or ""

    def forget_delivery_slot(self) -> None:
        self._flush_namespace("delivery_slot")
