from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A task that must follow a write, recorded in the write's own transaction and relayed to Celery.

    Pending until a worker ran the task to the end: a broker that is down, a lost task or one that exhausted its
    retries leaves it pending, and the relay's sweep sends it again (every task is idempotent)."""

    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    # What the task must run inside, as the work that recorded it was (the territory: ``TASK_CONTEXT``).
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not relayed before this moment: a backoff after a failed relay or an exhausted task.
    available_at = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    relay_count = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("message à relayer")
        verbose_name_plural = _("messages à relayer")
        indexes = [
            models.Index(
                fields=["available_at"], name="outbox_pending", condition=models.Q(done_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}({self.kwargs})"
