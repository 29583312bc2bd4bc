"""The courier's actions on a round: each through the stop's and the round's declared transitions, applied once
under its id, refused in French (4xx) when the round or the stop does not allow it, and followed by the resident's
e-mails; a failed delivery sends the parcel to the nearest open contact point."""

import base64
import uuid
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from delivery import selectors
from delivery.actions import ActionRefused, ActionRequest, courier_action_apply
from delivery.models import CourierAction, DeliveryCode, DeliveryNotice, Round, Stop
from delivery.services import delivery_notice_send
from merchants.models import Fulfilment
from pickup.models import Parcel
from tests.delivery.factories import make_courier, make_todays_round, open_all_week
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def today(django_capture_on_commit_callbacks):
    return make_todays_round()


def act(tour, kind, stop=None, *, action_id=None, **fields):
    request = ActionRequest(
        action_id=action_id or uuid.uuid4(), kind=kind, stop_id=stop.pk if stop else None, **fields
    )
    return courier_action_apply(courier=tour.courier, round_id=tour.pk, request=request, by=tour.courier.user)


def refused(tour, kind, stop=None, **fields) -> ActionRefused:
    with pytest.raises(ActionRefused) as caught:
        act(tour, kind, stop, **fields)
    return caught.value


def code_of(order) -> str:
    return selectors.delivery_code_for_order(order)


def start(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return act(today.tour, "start")


def test_starting_the_round_gives_the_resident_a_code_and_the_arrival_window_by_email(
    today, django_capture_on_commit_callbacks
):
    assert code_of(today.home_order) is None  # no code before the order leaves
    result = start(today, django_capture_on_commit_callbacks)
    assert result.round_status == Round.Status.STARTED and not result.replayed
    code = code_of(today.home_order)
    assert code and len(code) == 4 and code.isdigit()
    record = DeliveryCode.objects.get(order=today.home_order)
    assert code not in record.code_hash and code not in record.sealed  # stored hashed and masked
    (message,) = mail.outbox  # the home order only: the contact-point order is told when its parcel is ready
    assert message.to == [today.home_order.email]
    assert "en cours de livraison" in message.subject
    assert code in message.body
    assert "entre " in message.body and " h " in message.body  # « entre 14 h 15 et 15 h 00 »
    html = message.alternatives[0][0]
    assert code in html and "<strong>entre" in html


def test_stop_actions_wait_for_the_round_to_start(today):
    error = refused(today.tour, "collect", today.collect_home, proof="tap")
    assert error.status == 409 and "Démarrez la tournée" in error.message
    assert Stop.objects.get(pk=today.collect_home.pk).status == Stop.Status.PLANNED


def test_a_whole_round_collect_deliver_with_the_code_break_drop_finish(
    today, django_capture_on_commit_callbacks
):
    tour = today.tour
    start(today, django_capture_on_commit_callbacks)
    error = refused(tour, "finish")
    assert error.status == 409 and "Il reste 5 arrêt(s)" in error.message

    act(tour, "collect", today.collect_home, proof="tap")
    label = f"COMPTOIR:{today.point_order.number}:{today.collect_point.fulfilment.merchant.slug}"
    act(tour, "collect", today.collect_point, proof="scan", scanned=label)
    for order in (today.home_order, today.point_order):
        assert order.fulfilments.get().status == Fulfilment.Status.HANDED_OVER
    act(tour, "break", today.pause)

    with django_capture_on_commit_callbacks(execute=True):
        act(tour, "deliver", today.home, proof="code", code=code_of(today.home_order))
    assert today.home_order.fulfilments.get().status == Fulfilment.Status.DELIVERED
    assert "livrée" in mail.outbox[-1].subject
    assert code_of(today.home_order) is None  # the code is no longer shown once delivered

    with django_capture_on_commit_callbacks(execute=True):
        act(tour, "drop", today.drop)
    parcel = Parcel.objects.get(order=today.point_order)
    assert parcel.status == Parcel.Status.READY and parcel.contact_point == today.point
    assert "vous attend" in mail.outbox[-1].subject  # pickup's own "ready" e-mail with its code

    result = act(tour, "finish")
    assert result.round_status == Round.Status.DONE
    assert list(tour.stops.values_list("status", flat=True)) == [Stop.Status.DONE] * 5
    assert all(stop.done_at for stop in tour.stops.all())
    assert CourierAction.objects.filter(round=tour).count() == 7


def test_the_same_action_id_is_applied_once_and_replayed_with_the_same_result(
    today, django_capture_on_commit_callbacks
):
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    action_id = uuid.uuid4()
    code = code_of(today.home_order)
    with django_capture_on_commit_callbacks(execute=True):
        first = act(today.tour, "deliver", today.home, action_id=action_id, proof="code", code=code)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = act(today.tour, "deliver", today.home, action_id=action_id, proof="code", code=code)
    assert again.replayed and not first.replayed
    assert (again.stop_status, again.message) == (first.stop_status, first.message)
    assert CourierAction.objects.filter(pk=action_id).count() == 1
    assert DeliveryNotice.objects.filter(stop=today.home, kind="delivered").count() == 1
    assert len(mail.outbox) == sent  # nothing sent again

    error = refused(today.tour, "deliver", today.home, proof="code", code=code)  # a new id, same stop
    assert error.status == 409 and "déjà « Fait »" in error.message


def test_a_scanned_label_of_another_parcel_is_refused(today, django_capture_on_commit_callbacks):
    start(today, django_capture_on_commit_callbacks)
    other = f"COMPTOIR:{today.point_order.number}:{today.collect_point.fulfilment.merchant.slug}"
    error = refused(today.tour, "collect", today.collect_home, proof="scan", scanned=other)
    assert error.status == 400 and f"commande {today.home_order.number}" in error.message
    assert today.home_order.fulfilments.get().status == Fulfilment.Status.READY
    # Typed by hand, the order number is enough.
    act(today.tour, "collect", today.collect_home, proof="scan", scanned=f" {today.home_order.number} ")
    assert today.home_order.fulfilments.get().status == Fulfilment.Status.HANDED_OVER


def test_wrong_codes_are_counted_then_locked_and_nothing_is_delivered(
    today, django_capture_on_commit_callbacks
):
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    right = code_of(today.home_order)
    wrong = f"{(int(right) + 1) % 10000:04d}"
    messages = [refused(today.tour, "deliver", today.home, proof="code", code=wrong) for _attempt in range(5)]
    assert [error.status for error in messages] == [400, 400, 400, 400, 429]
    assert "il reste 4 essais" in messages[0].message
    assert "bloqué" in messages[-1].message
    locked = refused(today.tour, "deliver", today.home, proof="code", code=right)
    assert locked.status == 429  # even the right code waits for the lock to end
    assert Stop.objects.get(pk=today.home.pk).status == Stop.Status.PLANNED
    assert today.home_order.fulfilments.get().status == Fulfilment.Status.HANDED_OVER
    DeliveryCode.objects.filter(order=today.home_order).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    act(today.tour, "deliver", today.home, proof="code", code=right)


def test_delivered_with_a_name_and_a_signature_or_with_a_photo(today, django_capture_on_commit_callbacks):
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    assert refused(today.tour, "deliver", today.home, proof="signature", signature="data:,x").status == 400
    error = refused(
        today.tour,
        "deliver",
        today.home,
        proof="signature",
        recipient_name="C. Laborde",
        signature="data:,nope",
    )
    assert error.status == 400 and "PNG" in error.message
    signature = "data:image/png;base64," + base64.b64encode(PNG).decode()
    result = act(
        today.tour, "deliver", today.home, proof="signature", recipient_name="C. Laborde", signature=signature
    )
    action = CourierAction.objects.get(pk=result.action_id)
    assert action.recipient_name == "C. Laborde" and action.signature.read() == PNG
    assert action.signature.name.endswith(".png")


def test_a_photo_is_proof_enough(today, django_capture_on_commit_callbacks):
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    assert refused(today.tour, "deliver", today.home, proof="photo").status == 400
    result = act(
        today.tour,
        "deliver",
        today.home,
        proof="photo",
        photo="data:image/png;base64," + base64.b64encode(PNG).decode(),
    )
    assert CourierAction.objects.get(pk=result.action_id).photo.name.endswith(".png")
    assert today.home_order.fulfilments.get().status == Fulfilment.Status.DELIVERED


def test_actions_that_do_not_fit_the_stop_are_refused(today, django_capture_on_commit_callbacks):
    start(today, django_capture_on_commit_callbacks)
    assert refused(today.tour, "deliver", today.collect_home, proof="code", code="1234").status == 400
    assert refused(today.tour, "collect", today.collect_home).status == 400  # no proof chosen
    assert refused(today.tour, "fail", today.home, reason="bored").status == 400
    assert refused(today.tour, "jump", today.home).status == 400
    assert refused(today.tour, "start").status == 409  # already started
    # Delivering what was never collected: the merchants' transition refuses it, nothing is written.
    error = refused(today.tour, "deliver", today.home, proof="code", code=code_of(today.home_order))
    assert error.status == 409 and "remis à la tournée" in error.message
    assert Stop.objects.get(pk=today.home.pk).status == Stop.Status.PLANNED
    assert not CourierAction.objects.filter(stop=today.home).exists()


def test_another_couriers_round_and_stop_are_not_found(today, django_capture_on_commit_callbacks):
    start(today, django_capture_on_commit_callbacks)
    lucie = make_courier("Lucie")
    theirs = make_todays_round(courier=lucie, point=today.point)
    request = ActionRequest(
        action_id=uuid.uuid4(), kind="collect", stop_id=theirs.collect_home.pk, proof="tap"
    )
    with pytest.raises(ActionRefused) as caught:
        courier_action_apply(courier=today.tour.courier, round_id=theirs.tour.pk, request=request, by=None)
    assert caught.value.status == 404 and "pas la vôtre" in caught.value.message
    with pytest.raises(ActionRefused) as caught:  # their stop through my round
        courier_action_apply(courier=today.tour.courier, round_id=today.tour.pk, request=request, by=None)
    assert caught.value.status == 404 and "pas sur votre tournée" in caught.value.message
    # My action id replayed by another courier does not reveal my result.
    mine = act(today.tour, "collect", today.collect_home, proof="tap")
    replay = ActionRequest(
        action_id=mine.action_id, kind="collect", stop_id=today.collect_home.pk, proof="tap"
    )
    with pytest.raises(ActionRefused) as caught:
        courier_action_apply(courier=lucie, round_id=theirs.tour.pk, request=replay, by=None)
    assert caught.value.status == 404
    assert Stop.objects.get(pk=theirs.collect_home.pk).status == Stop.Status.PLANNED


def test_a_failed_delivery_goes_to_the_nearest_point_open_before_the_round_ends(
    today, django_capture_on_commit_callbacks
):
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    # Nearer, but closed all week: not chosen.
    ContactPointFactory(name="MARMANDE RELAIS FERMÉ", latitude=44.5031, longitude=0.1656)
    with django_capture_on_commit_callbacks(execute=True):
        result = act(today.tour, "fail", today.home, reason="absent")
    assert result.stop_status == Stop.Status.FAILED
    assert "déposez le colis à MARMANDE AGENCE POSTALE" in result.message
    failed = Stop.objects.get(pk=today.home.pk)
    assert failed.failure_reason == "absent" and failed.contact_point == today.point
    parcel = Parcel.objects.get(order=today.home_order)
    assert parcel.status == Parcel.Status.AWAITING and parcel.contact_point == today.point
    added = today.tour.stops.order_by("sequence").last()
    assert (added.sequence, added.kind, added.contact_point, added.fulfilment) == (
        6,
        Stop.Kind.CONTACT_POINT,
        today.point,
        today.home.fulfilment,
    )
    message = mail.outbox[-1]
    assert message.to == [today.home_order.email]
    assert "MARMANDE AGENCE POSTALE" in message.subject
    assert "Destinataire absent" in message.body and "3 RUE DES ÉCOLES" in message.body
    kept = timezone.localdate() + timedelta(days=14)
    assert "Horaires" in message.body and f"{kept.day} " in message.body.split("gardé jusqu'au")[1]
    # The added drop makes the parcel arrive at the point; the resident then gets pickup's code.
    with django_capture_on_commit_callbacks(execute=True):
        act(today.tour, "drop", added)
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.READY


def test_a_failed_delivery_after_the_points_close_waits_for_the_next_opening(
    django_capture_on_commit_callbacks,
):
    point = ContactPointFactory(name="MARMANDE BUREAU", latitude=44.502)
    tomorrow = (timezone.localdate() + timedelta(days=1)).weekday()
    point.weekly_openings.create(weekday=tomorrow, opens_at=time(9), closes_at=time(12))
    today = make_todays_round(point=point)
    start(today, django_capture_on_commit_callbacks)
    act(today.tour, "collect", today.collect_home, proof="tap")
    with django_capture_on_commit_callbacks(execute=True):
        result = act(today.tour, "fail", today.home, reason="access_impossible")
    assert "tournée suivante" in result.message
    assert today.tour.stops.count() == 5  # no drop added to this round
    assert Parcel.objects.get(order=today.home_order).contact_point == point
    assert [stop.pk for stop in selectors.stops_awaiting_a_drop(day=timezone.localdate())] == [today.home.pk]
    assert "Accès impossible" in mail.outbox[-1].body


def test_a_delivery_email_goes_once_even_when_its_task_runs_twice(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        act(today.tour, "start")
    notice = DeliveryNotice.objects.get(kind="out_for_delivery")
    assert delivery_notice_send(notice_id=notice.pk) is True
    assert delivery_notice_send(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1


def test_the_no_javascript_form_records_an_action_and_refuses_in_french(client, today):
    tour = today.tour
    client.force_login(tour.courier.user)
    url = f"/livreur/tournees/{tour.pk}/"
    page = client.get(url).content.decode()
    assert "Démarrer la tournée" in page
    action_id = str(uuid.uuid4())
    response = client.post(url, {"action_id": action_id, "kind": "start"})
    assert response.status_code == 302
    assert client.post(url, {"action_id": action_id, "kind": "start"}).status_code == 302  # a double submit
    assert CourierAction.objects.filter(round=tour).count() == 1
    response = client.post(url, {"action_id": str(uuid.uuid4()), "kind": "start"})
    assert response.status_code == 409
    assert "elle ne peut pas être démarrée" in response.content.decode()
    form = {"action_id": str(uuid.uuid4()), "kind": "collect", "stop": today.collect_home.pk, "proof": "tap"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "action_id": str(uuid.uuid4())}).status_code == 409
    response = client.post(url, {"action_id": "", "kind": "drop", "stop": "abc"})
    assert response.status_code == 404 and "pas sur votre tournée" in response.content.decode()
    photo = {"action_id": str(uuid.uuid4()), "kind": "deliver", "stop": today.home.pk, "proof": "photo"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo["photo"] = SimpleUploadedFile("colis.png", PNG, content_type="image/png")
    assert client.post(url, photo).status_code == 302
    assert Stop.objects.get(pk=today.home.pk).status == Stop.Status.DONE


def test_another_courier_cannot_post_on_my_round(client, today):
    client.force_login(make_courier("Lucie").user)
    response = client.post(
        f"/livreur/tournees/{today.tour.pk}/", {"action_id": str(uuid.uuid4()), "kind": "start"}
    )
    assert response.status_code == 404
    assert Round.objects.get(pk=today.tour.pk).status == Round.Status.PLANNED


def test_the_round_page_costs_the_same_queries_for_more_stops(client, django_assert_max_num_queries):
    small = make_todays_round()
    client.force_login(small.tour.courier.user)
    client.get(f"/livreur/tournees/{small.tour.pk}/")  # the session and the per-process caches warmed
    with django_assert_max_num_queries(30) as few:
        assert client.get(f"/livreur/tournees/{small.tour.pk}/").status_code == 200
    point = ContactPointFactory(latitude=44.51)
    open_all_week(point)
    sequence = 100
    for index in range(4):  # four more rounds' worth of stops moved onto this one
        extra = make_todays_round(courier=make_courier(f"Extra{index}"), point=point)
        for stop in extra.tour.stops.all():
            sequence += 1
            Stop.objects.filter(pk=stop.pk).update(round=small.tour, sequence=sequence)
    assert small.tour.stops.count() == 25
    with django_assert_max_num_queries(len(few)) as many:
        assert client.get(f"/livreur/tournees/{small.tour.pk}/").status_code == 200
    assert len(many) == len(few)
