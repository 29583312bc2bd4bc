from django.contrib import admin

from delivery.models import Courier, PlanRun, Round, Stop, Vehicle


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
    readonly_fields = ["sequence", "kind", "fulfilment", "planned_arrival", "planned_service_start", "status"]
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
