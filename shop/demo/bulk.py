"""Rows written in bulk, for the demo's history: ids drawn ahead (so rows can point at each other before any is
written), then COPY on PostgreSQL and one executemany per table elsewhere.

The rows bypass the models' ``save`` and their auto_now fields: the caller gives every timestamp (a past order's
are its own), and a column it leaves out takes the field's default, or fails loudly when there is none. Tables are
written in the order the sink was given, parents first, so that the row-level security policies that look up a
row's parent (territory.rls) find it."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import NOT_PROVIDED, Model

POOL = 1000


class MissingColumn(KeyError):
    """A row left out a column that has no default."""


class _Table:
    def __init__(self, model: type[Model]):
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.names = [field.attname for field in self.fields]
        self.defaults = {}
        for field in self.fields:
            if (
                field.primary_key
                or getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False)
            ):
                continue
            if field.default is not NOT_PROVIDED:
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif field.empty_strings_allowed and field.blank:
                self.defaults[field.attname] = ""
        self.rows: list[tuple] = []

    def add(self, values: dict) -> None:
        defaults = self.defaults
        try:
            self.rows.append(tuple(values[name] if name in values else defaults[name] for name in self.names))
        except KeyError as missing:
            raise MissingColumn(f"{self.name}.{missing.args[0]}: no value and no default") from None


class RowSink:
    """Rows of a few models, kept until ``flush`` writes them, table by table in the order given."""

    def __init__(self, models: Iterable[type[Model]]):
        self.tables = {model: _Table(model) for model in models}
        self._next: dict[type[Model], int] = {}
        self._pool: dict[type[Model], list[int]] = {}
        self.written: dict[str, int] = {}

    def id(self, model: type[Model]) -> int:
        """One fresh primary key of ``model``'s table (drawn a thousand at a time)."""
        pool = self._pool.setdefault(model, [])
        if not pool:
            pool.extend(reversed(self.ids(model, POOL)))
        return pool.pop()

    def ids(self, model: type[Model], count: int) -> list[int]:
        """``count`` fresh primary keys of ``model``'s table, never handed out again."""
        if count <= 0:
            return []
        table = model._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
        if model not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
                highest = cursor.fetchone()[0]
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                sequence = cursor.fetchone()
            self._next[model] = max(highest, sequence[0] if sequence else 0) + 1
        first = self._next[model]
        self._next[model] = first + count
        return list(range(first, first + count))

    def add(self, model: type[Model], **values) -> None:
        self.tables[model].add(values)

    def pending(self, model: type[Model]) -> int:
        return len(self.tables[model].rows)

    def flush(self) -> None:
        """Writes every row kept so far, in the tables' order; call it inside the caller's transaction."""
        for table in self.tables.values():
            if not table.rows:
                continue
            if connection.vendor == "postgresql":
                _copy(table)
            else:
                _insert(table)
            self.written[table.name] = self.written.get(table.name, 0) + len(table.rows)
            table.rows = []


def _copy(table: _Table) -> None:
    columns = ", ".join(f'"{field.column}"' for field in table.fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in table.rows:
                copy.write_row(row)


def _insert(table: _Table) -> None:
    columns = ", ".join(f'"{field.column}"' for field in table.fields)
    marks = ", ".join(["%s"] * len(table.fields))
    prepare = [
        (index, field)
        for index, field in enumerate(table.fields)
        if field.get_internal_type()
        in ("DecimalField", "DateTimeField", "DateField", "TimeField", "JSONField")
    ]
    rows = table.rows
    if prepare:
        rows = []
        for row in table.rows:
            row = list(row)
            for index, field in prepare:
                if row[index] is not None:
                    row[index] = field.get_db_prep_save(row[index], connection)
            rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)
