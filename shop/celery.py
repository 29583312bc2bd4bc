import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

# Every task reports its outcome to the outbox message it was relayed from (shop/outbox.py).
app = Celery("comptoir", task_cls="shop.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
