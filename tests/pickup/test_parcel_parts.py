"""One parcel, whole: a contact-point parcel gathering several shops' parts arrives only once every part left its
shop with the round, the counter says which part is missing, and each part is « Livrée » (and its merchant paid)
only once the resident has it."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from merchants import services as merchant_services
from merchants.models import Fulfilment, Payout
from pickup import services
from pickup.models import CodeAttempt, Parcel
from tests.factories import MerchantFactory, make_product
from tests.merchants.factories import hand_to_the_round, make_order
from tests.pickup.factories import ContactPointFactory, make_counter_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    bakery = MerchantFactory(trade_name="Boulangerie du Marché")
    books = MerchantFactory(trade_name="Librairie des Quais")
    baguette = make_product(merchant=bakery, title="Baguette tradition", price=Decimal("1.30"))
    roman = make_product(
        merchant=books, title="Roman du terroir", price=Decimal("21.00"), vat_rate=Decimal("5.50")
    )
    return bakery, books, baguette, roman


@pytest.fixture
def point():
    return ContactPointFactory(name="MARMANDE BUREAU")


@pytest.fixture
def agent(point):
    return make_counter_agent(contact_point=point)


@pytest.fixture
def parcel(shops, point):
    """An order of two shops' parts to collect at ``point``, announced there as checkout does."""
    _bakery, _books, baguette, roman = shops
    order = make_order(
        [(baguette, 2), (roman, 1)], shipping=Decimal("2.90"), shipping_code="contact-point", point=point
    )
    return services.parcel_create_for_order(order=order, contact_point=point)


def part(parcel: Parcel, merchant) -> Fulfilment:
    return Fulfilment.objects.get(order=parcel.order, merchant=merchant)


def prepare(fulfilment: Fulfilment) -> None:
    merchant_services.fulfilment_accept(fulfilment=fulfilment, by=None)
    merchant_services.fulfilment_mark_ready(fulfilment=fulfilment, by=None)


def test_a_parcel_missing_a_shops_part_cannot_be_registered_as_arrived(
    shops, parcel, agent, django_capture_on_commit_callbacks
):
    bakery, books, _baguette, _roman = shops
    hand_to_the_round(part(parcel, bakery))
    prepare(part(parcel, books))  # packed, still at the bookshop

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.ParcelTransitionError) as refused:
            services.parcel_mark_ready(parcel=parcel, by=agent)

    message = refused.value.messages[0]
    assert "Librairie des Quais" in message and "Boulangerie du Marché" not in message
    assert "tournée" in message
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.AWAITING
    assert (parcel.code_hash, parcel.pending_code, parcel.ready_at) == ("", "", None)
    assert list(parcel.events.values_list("to_status", flat=True)) == ["awaiting"]
    assert mail.outbox == []

    merchant_services.fulfilment_hand_over(fulfilment=part(parcel, books), by=None)
    services.parcel_mark_ready(parcel=parcel, by=agent)
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.READY


def test_a_part_left_out_as_unavailable_does_not_hold_the_parcel_back(shops, parcel, agent):
    from merchants.refunds import fulfilment_lines_mark_unavailable

    bakery, books, _baguette, _roman = shops
    books_part = part(parcel, books)
    fulfilment_lines_mark_unavailable(fulfilment=books_part, lines=list(books_part.lines.all()), by=None)
    hand_to_the_round(part(parcel, bakery))

    services.parcel_mark_ready(parcel=parcel, by=agent)

    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.READY
    assert part(parcel, books).status == Fulfilment.Status.CANCELLED


def test_the_counter_names_the_missing_shop_and_refuses_the_arrival(
    client, shops, parcel, agent, django_capture_on_commit_callbacks
):
    bakery, books, _baguette, _roman = shops
    hand_to_the_round(part(parcel, bakery))
    client.force_login(agent)

    listing = client.get(reverse("pickup:parcel-list")).content.decode()
    row = listing[listing.index(parcel.order.number) :]
    row = row[: row.index("</tr>")]
    assert "Librairie des Quais" in row and "Boulangerie du Marché" not in row

    page = client.get(reverse("pickup:parcel-detail", kwargs={"pk": parcel.pk})).content.decode()
    parts = page[page.index('id="parcel-parts"') :]
    parts = parts[: parts.index("</section>")]
    assert "Boulangerie du Marché" in parts and "Librairie des Quais" in parts
    assert "Remise au livreur" in parts and "Nouvelle" in parts
    assert "Il manque la part de Librairie des Quais" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pickup:parcel-arrival", kwargs={"pk": parcel.pk}))

    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Librairie des Quais" in html[html.index('role="alert"') :][:400]
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.AWAITING
    assert parcel.events.count() == 1
    assert not CodeAttempt.objects.exists()
    assert mail.outbox == []


def test_each_part_is_livree_to_the_resident_only_once_the_resident_has_it(client, shops, parcel, agent):
    bakery, books, _baguette, _roman = shops
    order = parcel.order
    client.force_login(order.user)

    def badges() -> dict[str, str]:
        html = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
        found = {}
        for merchant in (bakery, books):
            cell = html[html.index(f'id="merchant-{merchant.pk}"') :]
            cell = cell[: cell.index("</th>")]
            found[merchant.trade_name] = cell[cell.index('class="badge') :].split(">", 1)[1].split("<", 1)[0]
        return found

    hand_to_the_round(part(parcel, bakery))
    with pytest.raises(services.ParcelTransitionError):
        services.parcel_mark_ready(parcel=parcel, by=agent)
    assert badges() == {"Boulangerie du Marché": "Remise au livreur", "Librairie des Quais": "Nouvelle"}

    hand_to_the_round(part(parcel, books))
    code = services.parcel_mark_ready(parcel=parcel, by=agent)
    assert "Livrée" not in badges().values()  # at the point, not yet in the resident's hands
    assert not Payout.objects.exists()

    services.parcel_hand_over(parcel=parcel, code=code, agent=agent)
    assert badges() == {"Boulangerie du Marché": "Livrée", "Librairie des Quais": "Livrée"}
    assert set(Payout.objects.values_list("merchant", flat=True)) == {bakery.pk, books.pk}
