"""Writes about contact points and their parcels, one module per concern: the points (index, retention), the
parcels' transitions, their codes, the resident's notices. The names below are pickup's services for the rest of
the project; another domain imports them from here, never from the modules."""

from pickup.services.codes import (
    CODE_DIGITS,
    LOCK_DURATION,
    MAX_FAILED_ATTEMPTS,
    ParcelCodeError,
    parcel_attempts_left,
    parcel_is_locked,
    parcel_pending_code,
)
from pickup.services.forget import parcels_forget_codes
from pickup.services.notices import (
    NOTIFY_GRACE,
    parcel_notify_ready,
    parcel_send_reminder,
    parcels_notify_ready_pending,
    parcels_send_reminders,
)
from pickup.services.parcels import (
    ParcelIncomplete,
    ParcelTransitionError,
    parcel_cancel,
    parcel_cancel_for_order,
    parcel_check_code,
    parcel_create_for_order,
    parcel_expire,
    parcel_hand_over,
    parcel_mark_ready,
    parcel_missing_message,
    parcel_parts_missing,
    parcel_return_to_merchant,
    parcels_expire_overdue,
)
from pickup.services.points import (
    DEFAULT_REMINDER_DAYS_BEFORE,
    Retention,
    index_bump,
    retention_by_category,
    retention_for_category,
    retention_policy_set,
)

__all__ = [
    "CODE_DIGITS",
    "DEFAULT_REMINDER_DAYS_BEFORE",
    "LOCK_DURATION",
    "MAX_FAILED_ATTEMPTS",
    "NOTIFY_GRACE",
    "ParcelCodeError",
    "ParcelIncomplete",
    "ParcelTransitionError",
    "Retention",
    "index_bump",
    "parcel_attempts_left",
    "parcel_cancel",
    "parcel_cancel_for_order",
    "parcel_check_code",
    "parcel_create_for_order",
    "parcel_expire",
    "parcel_hand_over",
    "parcel_is_locked",
    "parcel_mark_ready",
    "parcel_missing_message",
    "parcel_notify_ready",
    "parcel_parts_missing",
    "parcel_pending_code",
    "parcel_return_to_merchant",
    "parcel_send_reminder",
    "parcels_expire_overdue",
    "parcels_forget_codes",
    "parcels_notify_ready_pending",
    "parcels_send_reminders",
    "retention_by_category",
    "retention_for_category",
    "retention_policy_set",
]
