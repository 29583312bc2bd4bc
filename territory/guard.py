"""The ORM guard of territory-owned models, on django-scopes' scope state.

``Model.objects`` filters on the active territory (``territory.tenancy.territory_activate``) and raises
django-scopes' ``ScopeError`` when a query is evaluated with no territory active and no explicit
``territory_all()``. Unlike django-scopes' own manager, the decision is taken when the query runs, not when it is
built: a form field's queryset built at import time (Oscar's dashboard forms) is filtered by the territory of the
request that renders it, instead of raising at import or carrying no filter at all."""

from django.db import models
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND
from django_scopes import ScopeError
from django_scopes.state import get_scope

DIMENSION = "territory"


class GuardedQuerySetMixin:
    # The lookup to the territory, while the filter is still to be decided (built outside any scope).
    _territory_path: str | None = None

    def _clone(self):
        clone = super()._clone()
        clone._territory_path = self._territory_path
        return clone

    def _territory_resolve(self) -> None:
        path = self._territory_path
        if path is None:
            return
        scope = get_scope()
        if not scope.get("_enabled", True):
            self._territory_path = None
            return
        if DIMENSION not in scope:
            raise ScopeError(
                f"{self.model.__name__} belongs to a territory: query it inside territory_activate() "
                "(a request, a task) or territory_all() (on purpose, across territories)."
            )
        self.query.add_q(models.Q(**{f"{path}_id": scope[DIMENSION]}))
        self._territory_path = None

    def _fetch_all(self):
        if self._result_cache is None:
            self._territory_resolve()
        super()._fetch_all()

    def count(self):
        self._territory_resolve()
        return super().count()

    def exists(self):
        self._territory_resolve()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._territory_resolve()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._territory_resolve()
        return super().update(**kwargs)

    def delete(self):
        self._territory_resolve()
        return super().delete()

    def iterator(self, *args, **kwargs):
        self._territory_resolve()
        return super().iterator(*args, **kwargs)

    def contains(self, obj):
        self._territory_resolve()
        return super().contains(obj)

    def explain(self, **kwargs):
        self._territory_resolve()
        return super().explain(**kwargs)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery: decided when the outer query is built.
        self._territory_resolve()
        return super().resolve_expression(*args, **kwargs)


def _territory_filter(queryset, path: str, territory_id) -> None:
    """Filters a fresh queryset in place. On a model that carries its territory, the condition goes straight into
    the WHERE clause (``territory_id = %s``, as ``filter()`` would write it, without resolving a lookup on every
    query: the guard runs on most of a page's queries); through a parent, the ORM builds the join."""
    query = queryset.query
    if "__" in path:
        query.add_q(models.Q(**{f"{path}_id": territory_id}))
        return
    field = queryset.model._meta.get_field(path)
    column = field.get_col(query.get_initial_alias())
    query.where.add(Exact(column, territory_id), AND)


_guarded_querysets: dict[type, type] = {}


def guarded_queryset_class(queryset_class: type = models.QuerySet) -> type:
    if queryset_class not in _guarded_querysets:
        _guarded_querysets[queryset_class] = type(
            f"Guarded{queryset_class.__name__}", (GuardedQuerySetMixin, queryset_class), {}
        )
    return _guarded_querysets[queryset_class]


def guarded_manager(path: str = "territory", manager_class: type = models.Manager):
    """A manager filtering on the active territory through the lookup ``path`` (``territory`` on a row that
    carries it, ``order__territory`` on a row reached through its order)."""
    queryset_class = guarded_queryset_class(getattr(manager_class, "_queryset_class", models.QuerySet))

    class GuardedManager(manager_class.from_queryset(queryset_class)):
        territory_path = path

        def get_queryset(self):
            queryset = super().get_queryset()
            scope = get_scope()
            if not scope.get("_enabled", True):
                return queryset
            if DIMENSION in scope:
                _territory_filter(queryset, path, scope[DIMENSION])
                return queryset
            queryset._territory_path = path
            return queryset

    GuardedManager.__name__ = f"Guarded{manager_class.__name__}"
    return GuardedManager()


def is_guarded(model) -> bool:
    return hasattr(model._default_manager, "territory_path")
