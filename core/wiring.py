"""Dependency inversion: a lower package calls what a higher one provides through a setting naming it (a dotted
path, set in config/settings), never through an import; import-linter keeps the imports going down."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def wired(*, setting: str) -> Callable:
    """The callable that ``setting`` names; ImproperlyConfigured when it names nothing."""
    path = getattr(settings, setting, "")
    if not path:
        raise ImproperlyConfigured(f"{setting} is not set: name the callable it stands for (a dotted path).")
    try:
        return import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"{setting} = {path!r} names nothing importable: {error}") from error
