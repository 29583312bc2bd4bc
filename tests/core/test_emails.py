"""E-mails that read right (issue 13, item 7): every e-mail the project sends has a plain-text part that is not
HTML-escaped and an HTML part in the territory's brand that escapes what users typed; the order e-mail goes shop
by shop, a home delivery gives its slot, a parcel at a point the day to collect it by."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template import TemplateDoesNotExist
from django.utils import timezone
from oscar.core.loading import get_model

from core.mail import email_render, text_render
from delivery.models import DeliveryNotice, DeliverySlot, SlotBooking
from delivery.notifications import send_delivery_notice
from merchants import applications, refunds, services
from merchants.models import Merchant
from payments.models import PaymentAttempt, Refund
from payments.services import notices as payment_notices
from pickup import notifications as pickup_notifications
from tests.delivery.factories import make_todays_round
from tests.factories import MerchantFactory, TerritoryFactory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_parcel

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PLAIN = "Beaufort d'été"
HOSTILE = '<script>alert("x")</script>'
COLOUR = "#a4343a"
TERRITORY = "Val de Garonne"
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")

PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
PaymentEventType = get_model("order", "PaymentEventType")


@pytest.fixture
def territory():
    return TerritoryFactory(
        name=TERRITORY,
        primary_colour=COLOUR,
        contact_email="commerces@vg-agglo.example",
        address="Maison du Développement, 47200 Marmande",
    )


def html_of(message) -> str:
    [html] = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


# One function per e-mail the project sends: it makes ``title`` appear where a user's words go (a product's
# title, a shop's name, a resident's name) and returns the message sent.


def order_placed(title):
    shop = MerchantFactory(trade_name="Fromagerie Garonne")
    order = make_order([(make_product(merchant=shop, title=title, price=Decimal("6.80")), 1)])
    mail.outbox.clear()
    assert payment_notices.payment_attempt_notify_resident(
        attempt_id=PaymentAttempt.objects.get(order=order).pk
    )
    return mail.outbox[-1]


def new_fulfilment(title):
    shop = MerchantFactory(trade_name="Fromagerie Garonne", email="fromagerie@example.test")
    order = make_order([(make_product(merchant=shop, title=title), 1)])
    mail.outbox.clear()
    assert services.fulfilment_notify_merchant(fulfilment_id=order.fulfilments.get().pk)
    return mail.outbox[-1]


def digest(title):
    shop = MerchantFactory(
        trade_name="Fromagerie Garonne", email="fromagerie@example.test", daily_digest=True
    )
    make_order([(make_product(merchant=shop, title=title), 1)])
    mail.outbox.clear()
    assert services.merchant_send_digest(merchant_id=shop.pk, now=timezone.now() + timedelta(minutes=1))
    return mail.outbox[-1]


def application(status):
    def send(title):
        merchant = MerchantFactory(
            trade_name=title, email="candidat@example.test", status=Merchant.Status.APPLIED
        )
        mail.outbox.clear()
        if status == "received":
            assert applications.merchant_notify_municipality(merchant_id=merchant.pk)
        else:
            Merchant.objects.filter(pk=merchant.pk).update(status=status, rejection_reason=f"Motif : {title}")
            assert applications.merchant_notify_decision(merchant_id=merchant.pk)
        return mail.outbox[-1]

    return send


def line_refund(title):
    order = make_order([(make_product(merchant=MerchantFactory(), title=title), 2)])
    line = order.lines.get()
    refund = Refund.objects.create(
        order=order,
        attempt=order.payment_attempt,
        amount=Decimal("3.90"),
        reason=Refund.Reason.LINE_UNAVAILABLE,
        idempotency_key=f"refund-{order.number}",
    )
    event_type, _created = PaymentEventType.objects.get_or_create(name="Remboursement")
    event = PaymentEvent.objects.create(
        order=order, amount=refund.amount, reference=refund.idempotency_key, event_type=event_type
    )
    PaymentEventQuantity.objects.create(event=event, line=line, quantity=2)
    mail.outbox.clear()
    assert refunds.refund_notify_resident(refund_id=refund.pk)
    return mail.outbox[-1]


def unplaced_refund(title):
    attempt = SimpleNamespace(
        user=None,
        checkout={"guest_email": "camille@example.test"},
        failure_message=f"Il ne restait plus de {title}.",
        order_number="100042",
    )
    mail.outbox.clear()
    payment_notices._send_refund_notice(attempt=attempt)
    return mail.outbox[-1]


def booked(order):
    slot, _created = DeliverySlot.objects.get_or_create(
        day=timezone.localdate(), starts_at=time(14), defaults={"ends_at": time(18)}
    )
    SlotBooking.objects.create(slot=slot, order=order)


def delivery(kind):
    def send(title):
        today = make_todays_round()
        order = today.home_order
        booked(order)
        order.shipping_address.first_name = title
        order.shipping_address.save()
        today.home.fulfilment.merchant.trade_name = title
        today.home.fulfilment.merchant.save()
        if kind == DeliveryNotice.Kind.DELIVERED:
            today.home.done_at = timezone.now()
        if kind == DeliveryNotice.Kind.FAILED:
            today.home.contact_point = today.point
            today.home.failure_reason = today.home._meta.get_field("failure_reason").choices[0][0]
        today.home.save()
        notice = DeliveryNotice.objects.create(order=order, stop=today.home, kind=kind)
        mail.outbox.clear()
        send_delivery_notice(notice=DeliveryNotice.objects.get(pk=notice.pk))
        return mail.outbox[-1]

    return send


def parcel_at_point(title):
    point = ContactPointFactory(name="MARMANDE AGENCE POSTALE")
    parcel = make_parcel(contact_point=point, first_name=title, email="camille@example.test")
    parcel.ready_at = timezone.now()
    parcel.expires_at = timezone.now() + timedelta(days=7)
    parcel.save()
    return parcel


def pickup_ready(title):
    parcel = parcel_at_point(title)
    mail.outbox.clear()
    pickup_notifications.send_parcel_ready(parcel=parcel, code="123456")
    return mail.outbox[-1]


def pickup_reminder(title):
    parcel = parcel_at_point(title)
    mail.outbox.clear()
    pickup_notifications.send_parcel_reminder(parcel=parcel)
    return mail.outbox[-1]


EMAILS = {
    "order_placed": order_placed,
    "new_fulfilment": new_fulfilment,
    "digest": digest,
    "application_received": application("received"),
    "application_approved": application(Merchant.Status.APPROVED),
    "application_rejected": application(Merchant.Status.REJECTED),
    "line_refund": line_refund,
    "unplaced_refund": unplaced_refund,
    "out_for_delivery": delivery(DeliveryNotice.Kind.OUT_FOR_DELIVERY),
    "delivered": delivery(DeliveryNotice.Kind.DELIVERED),
    "delivery_failed": delivery(DeliveryNotice.Kind.FAILED),
    "pickup_ready": pickup_ready,
    "pickup_reminder": pickup_reminder,
}


@pytest.mark.parametrize("kind", list(EMAILS))
def test_the_text_part_is_plain_and_the_html_part_wears_the_territorys_brand(kind, territory):
    message = EMAILS[kind](PLAIN)
    assert PLAIN in message.body
    assert not ENTITY.search(message.body) and not TAG.search(message.body), message.body
    assert not ENTITY.search(message.subject)
    html = html_of(message)
    assert '<html lang="fr">' in html
    assert TERRITORY in html and COLOUR in html and "commerces@vg-agglo.example" in html
    assert "<style" not in html  # inline styles only: many e-mail clients drop a style sheet
    assert "Beaufort d&#x27;été" in html
    assert TERRITORY in message.body  # the signature, in text too


@pytest.mark.parametrize("kind", list(EMAILS))
def test_the_html_part_escapes_what_users_typed(kind, territory):
    message = EMAILS[kind](HOSTILE)
    html = html_of(message)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert HOSTILE in message.body  # plain text shows it as it was typed: nothing runs in a text part


def test_the_logo_is_an_absolute_address_on_the_public_site(territory, settings):
    from django.core.files.base import ContentFile

    settings.SITE_URL = "https://boutique.val-de-garonne.example"
    territory.logo.save("logo.png", ContentFile(b"\x89PNG\r\n"), save=True)
    html = html_of(pickup_ready(PLAIN))
    assert f'src="https://boutique.val-de-garonne.example{territory.logo.url}"' in html
    assert f'alt="{TERRITORY}"' in html


def test_the_order_email_goes_shop_by_shop_with_subtotals_and_no_sku(territory):
    baker = MerchantFactory(trade_name="Boulangerie du Marché")
    cheese = MerchantFactory(trade_name="Fromagerie Garonne")
    baguette = make_product(merchant=baker, title="Baguette tradition", price=Decimal("1.30"))
    croissant = make_product(merchant=baker, title="Croissant", price=Decimal("1.10"))
    beaufort = make_product(merchant=cheese, title=PLAIN, price=Decimal("6.80"))
    order = make_order([(beaufort, 1), (baguette, 2), (croissant, 1)])
    booked(order)
    message = order_placed_for(order)
    body = message.body.replace("\xa0", " ").replace("\u202f", " ")
    assert body.index("Boulangerie du Marché") < body.index("Baguette tradition") < body.index("Croissant")
    assert body.index("Croissant") < body.index("Sous-total : 3,70 €") < body.index("Fromagerie Garonne")
    assert body.index("Fromagerie Garonne") < body.index(PLAIN) < body.index("Sous-total : 6,80 €")
    assert body.count("Livré chez vous par la tournée") == 2
    html = html_of(message).replace("\xa0", " ").replace("\u202f", " ")
    assert "Boulangerie du Marché" in html and "3,70 €" in html and "6,80 €" in html
    for line in order.lines.all():
        for reference in (
            line.partner_sku,
            line.upc,
            line.stockrecord.partner_sku if line.stockrecord else "",
        ):
            if reference:
                assert reference not in message.body and reference not in html_of(message)


def order_placed_for(order):
    mail.outbox.clear()
    assert payment_notices.payment_attempt_notify_resident(
        attempt_id=PaymentAttempt.objects.get(order=order).pk
    )
    return mail.outbox[-1]


def test_a_home_delivery_order_email_gives_its_slot(territory):
    shop = MerchantFactory(trade_name="Fromagerie Garonne")
    order = make_order([(make_product(merchant=shop, title=PLAIN), 1)])
    booked(order)
    message = order_placed_for(order)
    day = timezone.localdate()
    slot = f"{'lundi mardi mercredi jeudi vendredi samedi dimanche'.split()[day.weekday()]} {day.day} "
    for text in (message.body, html_of(message)):
        assert f"Créneau de livraison : {slot}" in text and "14 h – 18 h" in text


def test_the_delivery_emails_give_the_slot(territory):
    for kind in ("out_for_delivery", "delivered", "delivery_failed"):
        message = EMAILS[kind](PLAIN)
        for text in (message.body, html_of(message)):
            assert "Créneau de livraison :" in text and "14 h – 18 h" in text


# The day to collect a parcel by.

SATURDAY = date(2026, 12, 5)


@pytest.fixture
def post_office():
    """Open Monday to Saturday, 9:00–12:00 and 14:00–18:00; closed on Sundays."""
    from pickup.hours import contact_point_set_weekly_hours

    point = ContactPointFactory(name="MARMANDE BUREAU", address="2 RUE DE LA POSTE")
    contact_point_set_weekly_hours(
        point=point,
        ranges_by_weekday={day: [(time(9), time(12)), (time(14), time(18))] for day in range(6)},
    )
    return point


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def keep_until(point, expires_at):
    from pickup.selectors import parcel_keep_until

    parcel = make_parcel(contact_point=point)
    parcel.expires_at = expires_at
    return parcel_keep_until(parcel=parcel)


def test_a_retention_ending_on_a_sunday_is_moved_back_to_saturdays_closing(post_office):
    sunday = SATURDAY + timedelta(days=1)
    assert keep_until(post_office, at(sunday, 10)) == at(SATURDAY, 18)


def test_a_retention_ending_at_lunchtime_is_moved_back_to_the_mornings_closing(post_office):
    monday = SATURDAY + timedelta(days=2)
    assert keep_until(post_office, at(monday, 13)) == at(monday, 12)
    assert keep_until(post_office, at(monday, 8)) == at(SATURDAY, 18)


def test_a_retention_ending_while_the_point_is_open_stays(post_office):
    monday = SATURDAY + timedelta(days=2)
    assert keep_until(post_office, at(monday, 10, 30)) == at(monday, 10, 30)


def test_a_closed_saturday_moves_it_back_to_friday(post_office):
    from pickup.hours import contact_point_set_exception

    contact_point_set_exception(point=post_office, day=SATURDAY, is_closed=True, label="Inventaire")
    assert keep_until(post_office, at(SATURDAY + timedelta(days=1), 10)) == at(
        SATURDAY - timedelta(days=1), 18
    )


def test_a_point_without_hours_keeps_the_raw_end():
    assert keep_until(ContactPointFactory(), at(SATURDAY, 10)) == at(SATURDAY, 10)


def test_the_ready_email_gives_the_keeping_date_within_opening_hours_with_the_point(post_office, territory):
    parcel = make_parcel(contact_point=post_office, first_name="Élodie")
    parcel.ready_at = at(SATURDAY - timedelta(days=7), 10)
    parcel.expires_at = at(SATURDAY + timedelta(days=1), 10)  # a Sunday: the point is closed
    parcel.save()
    mail.outbox.clear()
    pickup_notifications.send_parcel_ready(parcel=parcel, code="123456")
    message = mail.outbox[-1]
    for text in (message.body, html_of(message)):
        text = re.sub(r"</?strong>", "", text)
        assert "À retirer avant le samedi 5 décembre 2026, 18:00" in text
        assert "MARMANDE BUREAU" in text and "2 RUE DE LA POSTE" in text
        assert "lun.–sam. 09:00–12:00, 14:00–18:00" in text
    pickup_notifications.send_parcel_reminder(parcel=parcel)
    assert "samedi 5 décembre 2026, 18:00" in mail.outbox[-1].body


def test_dates_follow_the_recipients_language(post_office, territory):
    parcel = make_parcel(contact_point=post_office)
    parcel.ready_at = at(SATURDAY - timedelta(days=7), 10)
    parcel.expires_at = at(SATURDAY + timedelta(days=1), 10)
    context = {
        "parcel": parcel,
        "order": parcel.order,
        "point": post_office,
        "code": "123456",
        "keep_until": at(SATURDAY, 18),
    }
    french = email_render(template_prefix="pickup/emails/ready", context=context)
    english = email_render(template_prefix="pickup/emails/ready", context=context, language="en")
    assert "samedi 5 décembre 2026, 18:00" in french.text
    assert "Saturday, 5 December 2026, 18:00" in english.text and "décembre" not in english.text
    assert '<html lang="en">' in english.html
    assert "Collect by" in english.text


# The ways to forget.


def test_a_text_template_is_never_escaped_even_without_autoescape_off():
    template = "emails/footer.txt"  # no {% autoescape off %} in it
    text = text_render(template_name=template, context={"brand": SimpleNamespace(name=PLAIN)})
    assert PLAIN in text


def test_an_email_without_its_html_part_is_refused():
    with pytest.raises(TemplateDoesNotExist):
        email_render(template_prefix="emails/none", context={})


PROJECT = Path(settings.BASE_DIR)


def test_every_email_goes_through_core_mail():
    senders = re.compile(r"\b(send_mail|send_mass_mail|EmailMultiAlternatives|EmailMessage)\b")
    offenders = []
    for package in ("config", "core", "territory", "payments", "merchants", "pickup", "delivery", "shop"):
        for path in (PROJECT / package).rglob("*.py"):
            if path.relative_to(PROJECT).as_posix() == "core/mail.py" or "migrations" in path.parts:
                continue
            if senders.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []


def test_every_email_template_has_an_html_part_on_the_brand():
    bodies = sorted((PROJECT / "templates").glob("*/emails/*_body.txt")) + sorted(
        (PROJECT / "templates/oscar/communication/emails").glob("commtype_order_placed_body.txt")
    )
    assert bodies
    for body in bodies:
        html = body.with_suffix(".html")
        assert html.exists(), f"{body} has no HTML part"
        assert '{% extends "emails/base.html" %}' in html.read_text(encoding="utf-8"), html
