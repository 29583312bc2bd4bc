"""The same action sent twice at once (an offline queue flushing while the courier taps again), and two different
actions on one stop at once, in real threads on PostgreSQL: the stop is done once, one action recorded."""

import uuid

import pytest

from delivery.actions import ActionRefused, ActionRequest, courier_action_apply
from delivery.models import CourierAction, Stop
from merchants.models import Fulfilment
from tests.delivery.factories import make_todays_round
from tests.payments.test_stock_race import require_postgresql, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def apply(tour, request):
    return lambda: courier_action_apply(courier=tour.courier, round_id=tour.pk, request=request, by=None)


@pytest.fixture
def started():
    require_postgresql()
    today = make_todays_round()
    courier_action_apply(
        courier=today.tour.courier,
        round_id=today.tour.pk,
        request=ActionRequest(action_id=uuid.uuid4(), kind="start"),
        by=None,
    )
    return today


def test_one_action_id_sent_from_several_requests_at_once_is_applied_once(started):
    request = ActionRequest(
        action_id=uuid.uuid4(), kind="collect", stop_id=started.collect_home.pk, proof="tap"
    )
    results = run_together(*[apply(started.tour, request) for _copy in range(4)])
    assert not [result for result in results if isinstance(result, Exception)], results
    assert sorted(result.replayed for result in results) == [False, True, True, True]
    assert {result.stop_status for result in results} == {Stop.Status.DONE}
    assert CourierAction.objects.filter(stop=started.collect_home).count() == 1
    assert started.home_order.fulfilments.get().status == Fulfilment.Status.HANDED_OVER


def test_two_different_actions_on_one_stop_at_once_one_applied_the_other_refused(started):
    requests = [
        ActionRequest(action_id=uuid.uuid4(), kind="collect", stop_id=started.collect_home.pk, proof="tap")
        for _copy in range(3)
    ]
    results = run_together(*[apply(started.tour, request) for request in requests])
    applied = [result for result in results if not isinstance(result, Exception)]
    refused = [result for result in results if isinstance(result, ActionRefused)]
    assert len(applied) == 1 and len(refused) == 2, results
    assert all(error.status == 409 and "déjà « Fait »" in error.message for error in refused)
    assert CourierAction.objects.filter(stop=started.collect_home).count() == 1
