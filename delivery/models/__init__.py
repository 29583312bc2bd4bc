"""The delivery domain's models, one module per concern: the rounds (vehicles, couriers, planning runs, rounds and
their stops), the delivery slots and fees, and the couriers' actions at a stop."""

from delivery.models.actions import CourierAction, DeliveryCode, DeliveryNotice, FailReason
from delivery.models.fees import CommuneSurcharge, FeePolicy, OrderDeliveryFee, SocialTariff
from delivery.models.rounds import Courier, PlanRun, Round, Stop, Vehicle, VehicleKind
from delivery.models.slots import DeliverySlot, SlotBooking, SlotException, SlotTemplate

__all__ = [
    "CommuneSurcharge",
    "Courier",
    "CourierAction",
    "DeliveryCode",
    "DeliveryNotice",
    "DeliverySlot",
    "FailReason",
    "FeePolicy",
    "OrderDeliveryFee",
    "PlanRun",
    "Round",
    "SlotBooking",
    "SlotException",
    "SlotTemplate",
    "SocialTariff",
    "Stop",
    "Vehicle",
    "VehicleKind",
]
