"""Which models belong to a territory: those that carry it, and those that cannot exist without a row that does
(a non-null foreign key to it), transitively."""

from django.apps import apps

from territory.models import Territory


def _links(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one) and not field.null
    ]


def territory_owned_models() -> dict:
    """model → how it belongs: ``None`` when it carries the territory, else (column, parent model)."""
    owned = {}
    for model in apps.get_models():
        if any(field.related_model is Territory for field in _links(model)):
            owned[model] = None
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in owned or model is Territory:
                continue
            for field in _links(model):
                if field.related_model in owned and field.related_model is not model:
                    owned[model] = (field.column, field.related_model)
                    changed = True
                    break
    return owned
