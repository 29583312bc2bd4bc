"""core.wiring: a lower package finds what a higher one provides through the setting naming it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.text import search_terms
from core.wiring import wired


def test_the_callable_a_setting_names_is_found(settings):
    settings.SOME_HOOK = "core.text.search_terms"
    assert wired(setting="SOME_HOOK") is search_terms


@pytest.mark.parametrize("path", ["", "core.text.no_such_function", "no_such_package.hook"])
def test_a_setting_that_names_nothing_is_a_configuration_error_that_says_which(settings, path):
    settings.SOME_HOOK = path
    with pytest.raises(ImproperlyConfigured, match="SOME_HOOK"):
        wired(setting="SOME_HOOK")
