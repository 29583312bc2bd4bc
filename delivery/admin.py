from django.contrib import admin

from delivery.models import (
    Courier,
    CourierAction,
    DeliveryNotice,
    DeliverySlot,
    FeePolicy,
    OrderDeliveryFee,
    PlanRun,
    Round,
    SlotBooking,
    SlotException,
    SlotTemplate,
    SocialTariff,
    Stop,
    Vehicle,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to staff, written only by the services: the municipality edits slots and fees in its dashboard
    (with their checks), the couriers' actions and the e-mails are records of what happened."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "capacity_parcels", "capacity_litres", "refrigerated", "active"]


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "vehicle", "shift_start", "shift_end", "active"]
    raw_id_fields = ["user"]


class StopInline(admin.TabularInline):
    model = Stop
    extra = 0
    can_delete = False
    # A stop's status moves only through its declared transitions (delivery services), never by hand here.
    readonly_fields = [
        "sequence",
        "kind",
        "fulfilment",
        "contact_point",
        "planned_arrival",
        "planned_service_start",
        "status",
        "done_at",
        "failure_reason",
    ]
    fields = readonly_fields


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["day", "courier", "vehicle", "status", "planned_start", "planned_end", "planned_km"]
    list_filter = ["day", "status"]
    readonly_fields = ["status", "plan_run", "planned_start", "planned_end", "planned_km"]
    inlines = [StopInline]


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    list_display = ["day", "created_at", "solve_seconds", "travel_source"]
    readonly_fields = ["day", "solve_seconds", "travel_source", "unassigned"]


@admin.register(CourierAction)
class CourierActionAdmin(ReadOnlyAdmin):
    list_display = ["at", "round", "stop", "kind", "proof", "reason", "by"]
    list_filter = ["kind", "proof", "reason"]
    list_select_related = ["round__courier__user", "stop", "by"]


@admin.register(DeliveryNotice)
class DeliveryNoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "order", "kind", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["order"]


@admin.register(SlotTemplate)
class SlotTemplateAdmin(ReadOnlyAdmin):
    list_display = ["weekday", "starts_at", "ends_at", "capacity", "cutoff_days_before", "cutoff_time"]


@admin.register(SlotException)
class SlotExceptionAdmin(ReadOnlyAdmin):
    list_display = ["day", "closed", "capacity", "label"]


@admin.register(DeliverySlot)
class DeliverySlotAdmin(ReadOnlyAdmin):
    list_display = ["day", "starts_at", "ends_at"]
    list_filter = ["day"]


@admin.register(SlotBooking)
class SlotBookingAdmin(ReadOnlyAdmin):
    list_display = ["slot", "order", "attempt", "created_at", "released_at"]
    list_select_related = ["slot", "order", "attempt"]


@admin.register(FeePolicy)
class FeePolicyAdmin(ReadOnlyAdmin):
    list_display = ["territory", "free_above", "social_fee", "updated_at"]


@admin.register(SocialTariff)
class SocialTariffAdmin(ReadOnlyAdmin):
    list_display = ["user", "marked_at", "ends_on", "revoked_at"]
    list_select_related = ["user"]


@admin.register(OrderDeliveryFee)
class OrderDeliveryFeeAdmin(ReadOnlyAdmin):
    list_display = ["order", "basis", "surcharge", "created_at"]
    list_select_related = ["order"]
