"""Hostile rich text (issue 9, item 6): whatever writes a description (the dashboard's product form, the CSV
import, the admin, a merchant's application), `<img onerror>` and `<script>` never reach a page."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from core import roles
from core.text import html_sanitise
from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
from merchants.models import Merchant
from shop.services import roles_ensure
from shop.templatetags.shop_tags import rich_text
from tests.factories import (
    MerchantFactory,
    ProductClassFactory,
    TerritoryFactory,
    UserFactory,
    make_merchant_user,
    make_product,
)
from tests.merchants.test_catalogue_forms import create_url, filled, form_errors
from tests.merchants.test_onboarding import APPLY_URL, application_data

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db

HOSTILE = "<p>Confiture <strong>maison</strong></p><img src=x onerror=alert(1)><script>alert(2)</script>"
CLEAN = "<p>Confiture <strong>maison</strong></p>"
# What the payload would leave in a page, escaped or not: Oscar's own pages have an onerror of their own.
MARKERS = ("alert(1)", "alert(2)")


def assert_clean(response):
    assert response.status_code == 200
    html = response.content.decode()
    for marker in MARKERS:
        assert marker not in html, f"{marker} in {response.request['PATH_INFO']}"
    return html


def admin_posted(response) -> dict:
    """What a browser sends back for an admin change page: every rendered value, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False and value != "":
                data[field.html_name] = value
    return data


@pytest.fixture
def territory():
    return TerritoryFactory()


@pytest.fixture
def mayor(territory):
    roles_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    return user


def pages_of(client, product):
    """The product page, the catalogue, a search for it and its merchant's page, as a resident sees them."""
    merchant = product.stockrecords.get().partner.merchant
    return [
        client.get(product.get_absolute_url()),
        client.get(reverse("catalogue:index")),
        client.get(reverse("search:search"), {"q": "confiture"}),
        client.get(merchant.get_absolute_url()),
    ]


# The sanitiser


def test_sanitiser_keeps_the_small_allowlist_and_drops_what_runs():
    assert html_sanitise(HOSTILE) == CLEAN
    assert html_sanitise('<a href="javascript:alert(1)" onclick="x()">lien</a>') == (
        '<a rel="noopener noreferrer nofollow">lien</a>'
    )
    assert html_sanitise('<a href="https://marmande.fr/" title="Mairie">mairie</a>') == (
        '<a href="https://marmande.fr/" title="Mairie" rel="noopener noreferrer nofollow">mairie</a>'
    )
    assert html_sanitise('<p style="color:red" class="x">Pâtes & <em>sauce</em><br></p>') == (
        "<p>Pâtes &amp; <em>sauce</em><br></p>"
    )
    assert html_sanitise("<svg onload=alert(1)><iframe src=//evil></iframe><style>p{}</style>") == ""
    assert html_sanitise(None) == ""
    # Sanitising twice changes nothing: an exported description re-imports as it was.
    assert html_sanitise(html_sanitise(HOSTILE + " a < b & c")) == html_sanitise(HOSTILE + " a < b & c")


# Each way of writing a product description


def test_product_form_of_the_dashboard_stores_the_description_sanitised(client, territory):
    shop = MerchantFactory(trade_name="Épicerie du Lot")
    product_class = ProductClassFactory(name="Produits à 5,5 %")
    category = create_from_breadcrumbs("Épicerie > Confitures")
    client.force_login(make_merchant_user(shop))
    data = filled(client, product_class, category, partner=shop.partner)
    data["description"] = HOSTILE

    response = client.post(create_url(product_class), data)

    assert response.status_code == 302, form_errors(response)
    product = Product.objects.get(title="Confiture de prunes d'Ente")
    assert product.description == CLEAN
    assert " alert" not in product.search_text
    edit = assert_clean(client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})))
    assert "Confiture &lt;strong&gt;maison&lt;/strong&gt;" in edit
    assert_clean(client.get(reverse("dashboard:catalogue-product-list")))
    client.logout()
    product_page, *others = pages_of(client, product)
    assert CLEAN in assert_clean(product_page)
    for page in others:
        assert_clean(page)


def test_csv_import_stores_the_description_sanitised(client, territory):
    shop = MerchantFactory()
    text = (
        "sku;title;description;category;price;vat_rate;stock\n"
        f'CONF-1;Confiture de figues;"{HOSTILE}";Épicerie > Confitures;4,20;5,5;8\n'
    )
    upload = SimpleUploadedFile("catalogue.csv", text.encode(), content_type="text/csv")
    catalogue_import = catalogue_import_start(merchant=shop, file=upload, by=None)
    catalogue_import_run(import_id=catalogue_import.pk)

    product = Product.objects.get(title="Confiture de figues")
    assert product.description == CLEAN
    assert " alert" not in product.search_text
    product_page, *others = pages_of(client, product)
    assert CLEAN in assert_clean(product_page)
    for page in others:
        assert_clean(page)
    client.force_login(make_merchant_user(shop))
    assert_clean(client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})))
    assert_clean(client.get(reverse("merchant-space:catalogue-import-detail", args=[catalogue_import.pk])))


def test_admin_stores_the_product_description_sanitised(client, territory):
    product = make_product(merchant=MerchantFactory(), title="Confiture d'abricots", description="Maison")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:catalogue_product_change", args=[product.pk])
    data = admin_posted(client.get(url))
    data["description"] = HOSTILE

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.description == CLEAN
    assert_clean(client.get(url))
    assert_clean(client.get(product.get_absolute_url()))


def test_product_written_in_code_is_stored_sanitised(territory):
    product = make_product(merchant=MerchantFactory(), description=HOSTILE)
    product.refresh_from_db()
    assert product.description == CLEAN

    product.description = "<b onmouseover=alert(1)>Bio</b>"
    product.save(update_fields=["description"])
    product.refresh_from_db()
    assert product.description == "<b>Bio</b>"


def test_a_description_stored_before_the_sanitiser_still_never_reaches_a_page(client, territory):
    product = make_product(merchant=MerchantFactory(), title="Confiture de cerises")
    Product.objects.filter(pk=product.pk).update(description=HOSTILE)

    html = client.get(product.get_absolute_url()).content.decode()

    # The page filters it again: no markup of it runs (the meta description keeps its text, inert).
    assert CLEAN in html
    assert "<img src=x" not in html and "<script>alert" not in html


# Merchants' presentations


def test_merchant_application_stores_the_presentation_sanitised(
    client, territory, mayor, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, application_data(description=HOSTILE + "\nOuvert le dimanche"))
    assert response.status_code == 302

    merchant = Merchant.objects.get()
    assert merchant.description == CLEAN + "\nOuvert le dimanche"
    client.force_login(mayor)
    review = assert_clean(client.get(reverse("merchant-review:detail", args=[merchant.pk])))
    assert CLEAN in review
    assert_clean(client.get(reverse("merchant-review:list")))
    Merchant.objects.filter(pk=merchant.pk).update(status=Merchant.Status.APPROVED)
    client.logout()
    page = assert_clean(client.get(merchant.get_absolute_url()))
    assert CLEAN in page
    assert_clean(client.get(reverse("merchants:directory")))


def test_plain_text_presentation_keeps_its_line_breaks_and_ampersands(client, territory):
    merchant = MerchantFactory(description="Pain & viennoiseries\nOuvert le dimanche")

    page = client.get(merchant.get_absolute_url()).content.decode()

    assert "Pain &amp; viennoiseries<br>Ouvert le dimanche" in page


def test_rich_text_filter_keeps_typed_lines_but_not_the_newlines_between_an_editors_paragraphs():
    assert rich_text("Pain & co\nOuvert le <b>dimanche</b>") == "Pain &amp; co<br>Ouvert le <b>dimanche</b>"
    assert rich_text("<p>Pain</p>\n<ul><li>Bio</li></ul>") == "<p>Pain</p>\n<ul><li>Bio</li></ul>"
    assert rich_text(HOSTILE) == CLEAN and rich_text(None) == ""


def test_admin_stores_the_merchant_presentation_sanitised(client, territory):
    merchant = MerchantFactory(description="Maison")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:merchants_merchant_change", args=[merchant.pk])
    data = admin_posted(client.get(url))
    data["description"] = HOSTILE

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    merchant.refresh_from_db()
    assert merchant.description == CLEAN
    assert_clean(client.get(url))
    assert_clean(client.get(merchant.get_absolute_url()))


def test_category_descriptions_are_stored_sanitised(territory):
    category = create_from_breadcrumbs("Épicerie > Miels")
    category.description = HOSTILE
    category.long_description = "<script>alert(2)</script>Du rucher"
    category.save()
    category.refresh_from_db()

    assert (category.description, category.long_description) == (CLEAN, "Du rucher")


# Rows written before


def test_migration_sanitises_the_descriptions_stored_before(territory):
    merchant = MerchantFactory()
    product = make_product(merchant=merchant, title="Confiture de mûres")
    untouched = make_product(merchant=merchant, title="Miel", description="<p>Miel &amp; pollen</p>")
    category = create_from_breadcrumbs("Épicerie > Sirops")
    Product.objects.filter(pk=product.pk).update(description=HOSTILE, search_text=" alert ")
    Merchant.objects.filter(pk=merchant.pk).update(description=HOSTILE)
    Category.objects.filter(pk=category.pk).update(description=HOSTILE, long_description=HOSTILE)
    from django.apps import apps

    for module in (
        "shop.apps.catalogue.migrations.0034_sanitise_descriptions",
        "merchants.migrations.0008_sanitise_descriptions",
    ):
        importlib.import_module(module).sanitise_descriptions(apps, None)

    product.refresh_from_db()
    merchant.refresh_from_db()
    category.refresh_from_db()
    assert product.description == merchant.description == category.description == CLEAN
    assert category.long_description == CLEAN
    assert "alert" not in product.search_text and " confitur" in product.search_text
    assert Product.objects.get(pk=untouched.pk).description == "<p>Miel &amp; pollen</p>"
