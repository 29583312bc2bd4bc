from django.contrib import admin

from payments.models import PaymentAttempt, Refund, StockHold, StripeEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Payments are Stripe's record as much as ours: staff read them here; only the payment services write them."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StockHoldInline(admin.TabularInline):
    model = StockHold
    extra = 0
    raw_id_fields = ["stockrecord"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ["order_number", "status", "amount", "user", "order", "created_at"]
    list_filter = ["status"]
    search_fields = ["order_number", "payment_intent_id"]
    list_select_related = ["user", "order"]
    inlines = [StockHoldInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["idempotency_key", "reason", "amount", "sent_at", "last_error", "created_at"]
    list_filter = ["reason", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["idempotency_key", "stripe_refund_id", "order__number"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]
