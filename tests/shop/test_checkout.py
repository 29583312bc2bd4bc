from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from delivery.slots import order_slot, slot_label
from merchants.models import Fulfilment, Sector
from tests.delivery.slot_factories import choose_first_slot, slots_every_day
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_merchant_user,
    make_product,
)
from tests.stripe_server import pay_at_preview

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_shops():
    TerritoryFactory()
    france()
    slots_every_day()
    shops = [
        MerchantFactory(
            trade_name="Boulangerie du Marché", sector=Sector.BAKERY, email="boulangerie@example.test"
        ),
        MerchantFactory(trade_name="Fromagerie Garonne", sector=Sector.CHEESE),
        MerchantFactory(trade_name="Librairie des Quais", sector=Sector.BOOKSHOP),
    ]
    products = [
        make_product(merchant=shops[0], title="Baguette tradition", price=Decimal("1.30")),
        make_product(merchant=shops[0], title="Pain de campagne", price=Decimal("3.20")),
        make_product(merchant=shops[1], title="Tomme des Pyrénées", price=Decimal("6.80")),
        make_product(
            merchant=shops[2], title="Roman du terroir", price=Decimal("21.00"), vat_rate=Decimal("5.50")
        ),
    ]
    return shops, products


def checkout(client, products, *, localstripe, postcode="47200", method="home-delivery"):
    for product in products:
        response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        assert response.status_code == 302
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.status_code == 200
    response = client.post(
        reverse("checkout:shipping-address"),
        {**RESIDENT_ADDRESS, "postcode": postcode, "country": "FR"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    response = client.get(reverse("checkout:shipping-method"))
    assert response.status_code == 200
    codes = [item.code for item in response.context["methods"]]
    response = client.post(reverse("checkout:shipping-method"), {"method_code": method})
    assert response.status_code == 302
    if method == "home-delivery":
        assert response["Location"] == reverse("checkout:delivery-slot")
        choose_first_slot(client)
    response = client.get(reverse("checkout:payment-details"))
    assert response.status_code == 200
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 200
    if method == "home-delivery":
        assert 'id="chosen-delivery-slot"' in response.content.decode()
    response = pay_at_preview(client, localstripe)
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"].endswith(reverse("checkout:thank-you"))
    return codes


def test_a_basket_from_three_merchants_becomes_one_order_split_per_merchant(
    client, three_shops, django_capture_on_commit_callbacks, localstripe
):
    shops, products = three_shops
    resident = UserFactory()
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        codes = checkout(client, products, localstripe=localstripe)
    # Three shops: no click & collect (one shop to collect from only).
    assert codes == ["home-delivery", "contact-point"]

    order = Order.objects.get(user=resident)
    assert order.total_incl_tax == Decimal("1.30") + Decimal("3.20") + Decimal("6.80") + Decimal(
        "21.00"
    ) + Decimal("4.90")
    assert order.shipping_code == "home-delivery"
    fulfilments = {f.merchant: f for f in Fulfilment.objects.filter(order=order)}
    assert set(fulfilments) == set(shops)
    assert sorted(line.title for line in fulfilments[shops[0]].lines.all()) == [
        "Baguette tradition",
        "Pain de campagne",
    ]
    assert [line.title for line in fulfilments[shops[1]].lines.all()] == ["Tomme des Pyrénées"]
    assert all(f.status == Fulfilment.Status.NEW for f in fulfilments.values())

    # The merchant with an e-mail address hears of the order once, and only about their own lines.
    merchant_mails = [message for message in mail.outbox if "boulangerie@example.test" in message.to]
    assert len(merchant_mails) == 1
    assert order.number in merchant_mails[0].subject
    assert "Baguette tradition" in merchant_mails[0].body and "Tomme" not in merchant_mails[0].body
    fulfilments[shops[0]].refresh_from_db()
    assert fulfilments[shops[0]].merchant_notified_at is not None

    thank_you = client.get(reverse("checkout:thank-you"))
    assert order.number in thank_you.content.decode()
    # The slot chosen is the order's booking, shown on the confirmation and on the order page.
    slot = order_slot(order=order)
    label = slot_label(day=slot.day, starts_at=slot.starts_at, ends_at=slot.ends_at)
    assert label.endswith("14 h – 18 h")
    assert f"Créneau de livraison : {label}" in unescape(thank_you.content.decode())
    # How the fee was set is the order's: the flat fee, no surcharge for Marmande.
    assert (order.delivery_fee.basis, order.delivery_fee.surcharge) == ("flat", Decimal("0.00"))
    confirmation = next(message for message in mail.outbox if resident.email in message.to)
    assert f"Créneau de livraison : {label}" in confirmation.body

    detail = client.get(reverse("customer:order", kwargs={"order_number": order.number}))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert f"Créneau de livraison : {label}" in unescape(html)
    for shop in shops:
        assert shop.trade_name in html
    # Lines are grouped under their merchant's heading.
    tbody = html[html.index("<tbody>") : html.index("</tbody>")]
    headings = sorted((tbody.index(f'id="merchant-{shop.pk}"'), shop) for shop in shops)
    expected = {
        shops[0]: {"Baguette tradition", "Pain de campagne"},
        shops[1]: {"Tomme des Pyrénées"},
        shops[2]: {"Roman du terroir"},
    }
    all_titles = set().union(*expected.values())
    for index, (start, shop) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(tbody)
        section = tbody[start:end]
        assert {title for title in all_titles if title in section} == expected[shop]


def test_fulfilment_split_is_idempotent(client, three_shops, localstripe):
    from merchants.services import fulfilments_create_for_order

    _shops, products = three_shops
    client.force_login(UserFactory())
    checkout(client, products, localstripe=localstripe)
    order = Order.objects.get()
    fulfilments_create_for_order(order=order)
    assert Fulfilment.objects.filter(order=order).count() == 3


def test_home_delivery_is_offered_only_inside_the_catchment_area(client, three_shops, localstripe):
    _shops, products = three_shops
    client.force_login(UserFactory())
    codes = checkout(
        client, products[:1], localstripe=localstripe, postcode="75001", method="click-and-collect"
    )
    assert codes == ["contact-point", "click-and-collect"]


def test_an_address_outside_the_catchment_area_is_told_why_home_delivery_is_not_offered(client, three_shops):
    _shops, products = three_shops
    client.force_login(UserFactory())
    client.post(reverse("basket:add", kwargs={"pk": products[0].pk}), {"quantity": 1})
    address = {**RESIDENT_ADDRESS, "line1": "2 rue de Rivoli", "line4": "Paris", "postcode": "75004"}
    client.post(reverse("checkout:shipping-address"), address)
    response = client.get(reverse("checkout:shipping-method"))
    assert [method.code for method in response.context["methods"]] == ["contact-point", "click-and-collect"]
    html = unescape(response.content.decode())
    assert (
        "La livraison à domicile n'est proposée que dans les communes du territoire Val de Garonne : "
        "le code postal 75004 n'en fait pas partie." in html
    )
    assert f'href="{reverse("checkout:shipping-address")}"' in html

    # Inside the territory there is nothing to explain.
    client.post(reverse("checkout:shipping-address"), RESIDENT_ADDRESS)
    response = client.get(reverse("checkout:shipping-method"))
    assert response.context["methods"][0].code == "home-delivery"
    assert "home-delivery-refusal" not in response.content.decode()


def test_merchant_sees_only_their_own_fulfilments_and_lines(client, three_shops, localstripe):
    shops, products = three_shops
    client.force_login(UserFactory())
    checkout(client, products, localstripe=localstripe)
    order = Order.objects.get()

    baker = make_merchant_user(shops[0])
    client.force_login(baker)
    response = client.get(reverse("merchant-space:fulfilment-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html
    assert "Baguette tradition" in html
    assert "Tomme des Pyrénées" not in html and "Roman du terroir" not in html

    other = make_merchant_user(MerchantFactory())
    client.force_login(other)
    response = client.get(reverse("merchant-space:fulfilment-list"))
    assert order.number not in response.content.decode()


def test_merchant_space_is_closed_to_residents_and_anonymous(client, three_shops):
    url = reverse("merchant-space:fulfilment-list")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_the_resident_cancels_before_preparation_and_is_refunded(client, three_shops, localstripe):
    from payments.models import Refund

    shops, products = three_shops
    resident = UserFactory()
    client.force_login(resident)
    checkout(client, products, localstripe=localstripe)
    order = Order.objects.get()
    url = reverse("customer:order", kwargs={"order_number": order.number})
    assert "Annuler ma commande" in client.get(url).content.decode()

    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("order-cancel", kwargs={"order_number": order.number})).status_code == 404
    client.force_login(resident)
    response = client.post(reverse("order-cancel", kwargs={"order_number": order.number}), follow=True)
    assert "annulée" in response.content.decode()
    refund = Refund.objects.get(order=order)
    assert (refund.reason, refund.amount) == (Refund.Reason.CANCELLED, order.total_incl_tax)
    assert set(Fulfilment.objects.filter(order=order).values_list("status", flat=True)) == {"cancelled"}
    assert "Annuler ma commande" not in client.get(url).content.decode()


def test_no_cancelling_once_a_merchant_has_started(client, three_shops, localstripe):
    _shops, products = three_shops
    client.force_login(UserFactory())
    checkout(client, products, localstripe=localstripe)
    order = Order.objects.get()
    fulfilment = Fulfilment.objects.filter(order=order).first()
    fulfilment.status = Fulfilment.Status.ACCEPTED
    fulfilment.save()
    assert (
        "Annuler ma commande"
        not in client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    )
    response = client.post(reverse("order-cancel", kwargs={"order_number": order.number}), follow=True)
    assert "ne peut plus être annulée" in response.content.decode()
    assert not order.refunds.exists()


def test_a_merchant_marks_a_line_unavailable_and_the_resident_is_refunded(client, three_shops, localstripe):
    from payments.models import Refund

    shops, products = three_shops
    client.force_login(UserFactory())
    checkout(client, products, localstripe=localstripe)
    order = Order.objects.get()
    baker_fulfilment = Fulfilment.objects.get(order=order, merchant=shops[0])
    baguette = baker_fulfilment.lines.get(title="Baguette tradition")
    url = reverse(
        "merchant-space:line-unavailable", kwargs={"pk": baker_fulfilment.pk, "line_pk": baguette.pk}
    )

    client.force_login(make_merchant_user(shops[1]))
    assert client.post(url).status_code == 404  # another merchant's fulfilment

    client.force_login(make_merchant_user(shops[0]))
    page = client.get(reverse("merchant-space:fulfilment-list")).content.decode()
    assert url in page
    response = client.post(url, follow=True)
    assert "le client est remboursé" in response.content.decode()
    refund = Refund.objects.get(order=order)
    assert (refund.reason, refund.amount) == (Refund.Reason.LINE_UNAVAILABLE, Decimal("1.30"))
    client.post(url)
    assert Refund.objects.filter(order=order).count() == 1
