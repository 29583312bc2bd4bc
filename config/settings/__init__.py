"""Embedded-default settings: the demo and the tests. Production is `config.settings.production`."""

from .base import *  # noqa: F403
