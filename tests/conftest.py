import os

import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from tests.stripe_server import localstripe, localstripe_server  # noqa: F401


def pytest_configure(config):
    # Tasks run in-process unless a test starts a real worker.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


def pytest_sessionfinish(session, exitstatus):
    """In CI no test may be skipped for want of a service: a skip fails the run."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _across_territories(request):
    """A test's own set-up and checks read across territories, on purpose; what it drives through the client
    runs for the request's territory (territory.middleware). A test marked ``territory_guarded`` runs with
    no territory active, as a task or a command would."""
    from territory.tenancy import territory_all

    if request.node.get_closest_marker("territory_guarded"):
        yield
        return
    with territory_all(database=False):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fresh_nearest_index(settings):
    """Each test sees its own contact points: no index kept from an earlier test of the same process."""
    from pickup.index import discard_index

    settings.PICKUP_INDEX_CHECK_SECONDS = 0
    discard_index()
    yield
    discard_index()


@pytest.fixture(autouse=True)
def _broker_not_known_down():
    """A test that took a broker down does not leave the next ones skipping the outbox's relay after commit."""
    from core.outbox import broker_down_forget

    broker_down_forget()
    yield
    broker_down_forget()


@pytest.fixture(autouse=True)
def _french_after_each_test(settings):
    """A request through the test client leaves its language active in the test's thread (as Django's own
    LocaleMiddleware does): each test starts and ends in the default language, whatever the one before asked."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
