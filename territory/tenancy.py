"""Territories as tenants: which territory a piece of work runs for, and the guards that keep it inside.

A request runs for the territory its host (or its ``/t/<slug>/`` path prefix) names; a task for the territory it was
enqueued in; a management command or a sweep across every territory runs "for all" explicitly. Inside
``territory_activate`` three things follow the active territory:

- django-scopes: every territory-owned model's manager filters on it, and raises ``ScopeError`` when a query runs with
  no territory active and no explicit ``territory_all()``: a forgotten filter fails loudly instead of leaking;
- PostgreSQL: the session setting ``comptoir.territory_id`` that the row-level security policies read, so a query
  that escaped the ORM guard still sees only this territory's rows when the app connects as its own role;
- the cache: keys carry the territory's id (``cache_key``), so one territory never reads another's cached pages.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections
from django_scopes import scope, scopes_disabled

DB_SETTING = "comptoir.territory_id"
ALL = "all"

_active: ContextVar = ContextVar("territory_active", default=None)
_all: ContextVar[bool] = ContextVar("territory_all", default=False)


def territory_active():
    """The territory this work runs for, or None outside any (a shell, a sweep over every territory)."""
    return _active.get()


def territory_active_id() -> int | None:
    territory = _active.get()
    return territory.pk if territory is not None else None


def db_setting_value() -> str:
    """What the row-level security policies are told: a territory's id, ``all``, or nothing (no row)."""
    territory = _active.get()
    if territory is not None:
        return str(territory.pk)
    return ALL if _all.get() else ""


def db_setting_apply(connection=None) -> None:
    """Tells the open PostgreSQL connection(s) the active territory; a closed connection gets it on connect."""
    value = db_setting_value()
    targets = [connection] if connection is not None else connections.all(initialized_only=True)
    for target in targets:
        if target.vendor != "postgresql" or target.connection is None:
            continue
        if getattr(target, "_territory_setting", None) == value:
            continue  # one query when the territory changes, none per request of the same territory
        _db_setting_set(target, value)


def _db_setting_set(connection, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [DB_SETTING, value])
    connection._territory_setting = value


def on_connection_created(sender, connection, **kwargs) -> None:
    """A new connection starts with the territory of the work that opened it (connection_created receiver)."""
    if connection.vendor == "postgresql":
        _db_setting_set(connection, db_setting_value())


@contextmanager
def territory_activate(territory) -> Iterator[None]:
    """Runs the block for ``territory``: the ORM guard filters on it, the database policies and the cache too."""
    token, all_token = _active.set(territory), _all.set(False)
    try:
        with scope(territory=territory.pk):
            db_setting_apply()
            yield
    finally:
        # The connection keeps this territory's setting until the next work sets its own (one query per
        # change, not two per request): work with no territory active cannot query owned rows anyway.
        _active.reset(token)
        _all.reset(all_token)


@contextmanager
def territory_all(*, database: bool = True) -> Iterator[None]:
    """Runs the block across every territory, on purpose: the operator's pages, sweeps, migrations, the seed.
    ``database=False`` leaves the connections' setting alone (a test's own set-up, as the tables' owner)."""
    token, all_token = _active.set(None), _all.set(True)
    try:
        with scopes_disabled():
            if database:
                db_setting_apply()
            yield
    finally:
        _active.reset(token)
        _all.reset(all_token)
        if database:
            db_setting_apply()  # never leave a connection seeing every territory


def cache_key(key: str, key_prefix: str, version) -> str:
    """The cache's KEY_FUNCTION: every key is the active territory's (``t0`` outside any), except the
    ``global:`` ones that find the territory itself."""
    if key.startswith("global:"):
        return f"{key_prefix}:{version}:{key}"
    return f"{key_prefix}:{version}:t{territory_active_id() or 0}:{key}"


class TaskContext:
    """``TASK_CONTEXT``: a task carries the territory it was enqueued in (a header) and runs inside it; a task
    enqueued outside any territory (a sweep, the beat) runs across every territory, on purpose."""

    header_names = ("territory_id",)

    def headers(self) -> dict:
        territory_id = territory_active_id()
        return {"territory_id": territory_id} if territory_id is not None else {}

    @contextmanager
    def running(self, headers: dict) -> Iterator[None]:
        territory_id = headers.get("territory_id")
        if territory_id is None:
            with territory_all():
                yield
            return
        if territory_active_id() == int(territory_id):
            yield  # run in-process (eager) by work of the same territory
            return
        from territory.models import Territory

        territory = Territory.objects.filter(pk=territory_id).first()
        if territory is None:
            raise LookupError(f"Territory {territory_id} no longer exists: its task cannot run.")
        with territory_activate(territory):
            yield


task_context = TaskContext()
