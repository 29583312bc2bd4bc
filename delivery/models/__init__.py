"""The delivery domain's models, one module per concern: the rounds (vehicles, couriers, planning runs, rounds and
their stops), the delivery slots and fees, and the couriers' actions at a stop."""

from delivery.models.actions import CourierAction, DeliveryCode, DeliveryNotice, FailReason
from delivery.models.rounds import Courier, PlanRun, Round, Stop, Vehicle, VehicleKind

__all__ = [
    "Courier",
    "CourierAction",
    "DeliveryCode",
    "DeliveryNotice",
    "FailReason",
    "PlanRun",
    "Round",
    "Stop",
    "Vehicle",
    "VehicleKind",
]
