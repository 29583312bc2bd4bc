"""Food information before purchase (issue 13, item 5; EU regulation 1169/2011 art. 9 and 14): a food product
shows its ingredients with the allergens emphasised, its net quantity, date type, storage, origin and producer, and
is not published without the mandatory ones, whether kept by hand or imported."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from merchants.catalogue_csv import catalogue_export
from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
from merchants.food_information import (
    FoodInformation,
    allergens_parse,
    food_information_for_product,
    food_information_save,
    ingredients_highlight,
)
from territory.tenancy import territory_activate
from tests.factories import (
    MerchantFactory,
    ProductClassFactory,
    TerritoryFactory,
    make_merchant_user,
    make_product,
)
from tests.merchants.test_catalogue_forms import as_posted, form_errors, photo

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

COMPLETE = {
    "is_food": True,
    "ingredients": "Prunes d'Ente, sucre de canne, *noisettes*, beurre",
    "allergens": ["milk", "nuts"],
    "no_allergens": False,
    "net_quantity": Decimal("370"),
    "net_quantity_unit": "g",
    "date_type": "best_before",
    "storage": "Après ouverture, à conserver au réfrigérateur.",
    "origin": "Lot-et-Garonne, France",
    "producer_name": "SARL Épicerie du Lot",
    "producer_address": "12 rue de la Libération, 47200 Marmande",
}


# The model and its rules


def test_a_complete_food_product_is_saved_and_a_public_incomplete_one_is_refused():
    merchant = MerchantFactory()
    product = make_product(merchant=merchant, title="Confiture de prunes")
    info = food_information_save(product=product, values=COMPLETE)
    assert info.territory_id == product.territory_id and info.missing() == {}

    with pytest.raises(ValidationError) as error:
        food_information_save(product=product, values={"ingredients": "", "date_type": ""})
    assert set(error.value.message_dict) == {"ingredients", "date_type"}
    assert "obligatoire pour publier" in error.value.message_dict["ingredients"][0]
    info.refresh_from_db()
    assert info.ingredients == COMPLETE["ingredients"]

    # Not public, the same information may wait to be completed.
    product.is_public = False
    product.save()
    saved = food_information_save(product=product, values={"ingredients": ""})
    assert set(saved.missing()) == {"ingredients"}


def test_allergens_must_be_among_the_fourteen_and_none_excludes_them():
    product = make_product(merchant=MerchantFactory())
    with pytest.raises(ValidationError) as error:
        food_information_save(product=product, values=COMPLETE | {"allergens": ["chocolate"]})
    assert "allergens" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        food_information_save(product=product, values=COMPLETE | {"no_allergens": True})
    assert "no_allergens" in error.value.message_dict
    info = food_information_save(product=product, values=COMPLETE | {"allergens": [], "no_allergens": True})
    assert info.missing() == {}


def test_allergens_are_read_from_codes_or_french_names():
    assert allergens_parse("gluten|Lait, œufs") == (["gluten", "eggs", "milk"], False)
    assert allergens_parse("Fruits à coque|sulfites|crevettes") == (
        ["crustaceans", "nuts", "sulphites"],
        False,
    )
    assert allergens_parse("aucun") == ([], True)
    with pytest.raises(ValueError, match="Allergène « chocolat » inconnu"):
        allergens_parse("lait|chocolat")


def test_the_declared_allergens_words_and_the_starred_words_are_in_bold():
    html = ingredients_highlight(
        text="Farine de blé, Beurre, *noisettes*, sel <b>", allergens=["gluten", "milk"]
    )
    assert html == (
        "Farine de <strong>blé</strong>, <strong>Beurre</strong>, <strong>noisettes</strong>, sel &lt;b&gt;"
    )
    assert ingredients_highlight(text="Lait, sucre", allergens=[]) == "Lait, sucre"


# The merchant's product form


@pytest.fixture
def grocer():
    TerritoryFactory()
    shop = MerchantFactory(trade_name="Épicerie du Lot")
    product_class = ProductClassFactory(name="Produits à 5,5 %")
    category = create_from_breadcrumbs("Épicerie > Confitures")
    return shop, product_class, category


def _create_url(product_class) -> str:
    return reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})


def _filled(client, product_class, category, *, partner, **food) -> dict:
    page = client.get(_create_url(product_class))
    assert page.status_code == 200
    assert "Informations alimentaires (règlement UE 1169/2011)" in page.content.decode()
    data = as_posted(page)
    categories, images, stock = (
        page.context[name].prefix for name in ("category_formset", "image_formset", "stockrecord_formset")
    )
    data.update(
        {
            "title": "Confiture de prunes d'Ente",
            "is_public": "on",
            f"{categories}-0-category": category.pk,
            f"{stock}-0-partner": partner.pk,
            f"{stock}-0-partner_sku": "EPI-001",
            f"{stock}-0-price_currency": "EUR",
            f"{stock}-0-price": "4.10",
            f"{stock}-0-num_in_stock": "12",
            f"{images}-0-original": photo(),
            f"{images}-0-display_order": "0",
        }
    )
    data.update({f"food-{name}": value for name, value in food.items()})
    return data


def test_a_public_food_product_without_its_information_is_not_saved_and_the_fields_say_why(client, grocer):
    shop, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    data = _filled(client, product_class, category, partner=shop.partner, is_food="on", ingredients="Prunes")
    response = client.post(_create_url(product_class), data)
    assert response.status_code == 200
    food_errors = response.context["form"].food_form.errors
    assert set(food_errors) == {"allergens", "net_quantity", "date_type", "producer_name", "producer_address"}
    assert "obligatoire pour publier un produit alimentaire" in food_errors["date_type"][0]
    assert "is_public" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Product.objects.filter(title="Confiture de prunes d'Ente").exists()


def test_a_food_product_with_its_information_is_published_and_edited(client, grocer):
    shop, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    food = {
        "is_food": "on",
        "ingredients": "Prunes d'Ente, sucre",
        "no_allergens": "on",
        "net_quantity": "370",
        "net_quantity_unit": "g",
        "date_type": "best_before",
        "producer_name": "SARL Épicerie du Lot",
        "producer_address": "12 rue de la Libération, 47200 Marmande",
    }
    data = _filled(client, product_class, category, partner=shop.partner, **food)
    response = client.post(_create_url(product_class), data)
    assert response.status_code == 302, form_errors(response) | {
        "food": response.context["form"].food_form.errors
    }
    product = Product.objects.get(title="Confiture de prunes d'Ente")
    assert product.is_public
    info = FoodInformation.objects.get(product=product)
    assert (info.net_quantity, info.no_allergens, info.territory_id) == (
        Decimal("370"),
        True,
        product.territory_id,
    )

    # Editing it shows what was saved; a non-public draft may lack information.
    page = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}))
    assert page.context["form"].food_form["ingredients"].value() == "Prunes d'Ente, sucre"


def test_a_non_food_product_needs_no_food_information(client, grocer):
    shop, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    data = _filled(client, product_class, category, partner=shop.partner)
    response = client.post(_create_url(product_class), data)
    assert response.status_code == 302, form_errors(response)
    assert not FoodInformation.objects.exists()


def test_the_bulk_make_public_action_leaves_out_incomplete_food_products(client, grocer):
    shop, _product_class, _category = grocer
    complete, incomplete = (make_product(merchant=shop, title=title) for title in ("Complet", "Incomplet"))
    Product.objects.filter(pk__in=[complete.pk, incomplete.pk]).update(is_public=False)
    complete.refresh_from_db()
    incomplete.refresh_from_db()
    food_information_save(product=complete, values=COMPLETE)
    food_information_save(product=incomplete, values={"is_food": True})
    client.force_login(make_merchant_user(shop))
    ids = [complete.pk, incomplete.pk]
    chosen = client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "make_products_public", "selected_product": ids},
    )
    assert chosen.status_code == 302
    response = client.post(chosen["Location"], {"selected_products": ids})
    assert response.status_code == 302
    assert Product.objects.get(pk=complete.pk).is_public is True
    assert Product.objects.get(pk=incomplete.pk).is_public is False


def test_the_admin_cannot_publish_a_food_product_lacking_its_information(client, grocer):
    from tests.factories import UserFactory
    from tests.shop.test_hostile_content import admin_posted

    shop, _product_class, _category = grocer
    product = make_product(merchant=shop, title="Rillettes de canard")
    Product.objects.filter(pk=product.pk).update(is_public=False)
    product.refresh_from_db()
    food_information_save(product=product, values={"is_food": True})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:catalogue_product_change", args=[product.pk])
    data = admin_posted(client.get(url))
    data["is_public"] = "on"

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "ne peut pas être publié" in str(refused.context["adminform"].form.errors["is_public"])
    assert Product.objects.get(pk=product.pk).is_public is False

    food_information_save(product=product, values=COMPLETE)
    accepted = client.post(url, data)
    assert accepted.status_code == 302
    assert Product.objects.get(pk=product.pk).is_public is True


# The CSV import

HEADER = (
    "sku;title;description;category;price;vat_rate;stock;ean;image;alimentaire;ingredients;allergenes;"
    "quantite_nette;unite;type_date;conservation;origine;producteur;adresse_producteur\n"
)
PRODUCER = "SARL Épicerie du Lot;12 rue de la Libération, 47200 Marmande"


def _import(merchant, text):
    upload = SimpleUploadedFile("catalogue.csv", text.encode("utf-8"), content_type="text/csv")
    catalogue_import = catalogue_import_start(merchant=merchant, file=upload, by=None)
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    return catalogue_import


def _product(merchant, sku):
    return (
        StockRecord.objects.select_related("product").get(partner=merchant.partner, partner_sku=sku).product
    )


def test_the_import_reads_the_food_columns_and_publishes_complete_rows():
    merchant = MerchantFactory()
    result = _import(
        merchant,
        HEADER
        + "C1;Confiture de prunes;;Épicerie > Confitures;4,10;5,5;12;;;oui;Prunes, sucre, *noisettes*;"
        + f"Fruits à coque|lait;370;g;ddm;Au frais après ouverture;France;{PRODUCER}\n"
        + f"P1;Pommes golden;;Primeur > Fruits;2,50;5,5;30;;;;Pommes;aucun;1 kg;;aucune;;France;{PRODUCER}\n"
        + "T1;Torchon;;Maison > Linge;8;20;3;;;non;;;;;;;;;\n",
    )
    assert (result.created, result.rejected, result.warnings) == (3, [], [])
    jam = _product(merchant, "C1")
    info = jam.food_information
    assert jam.is_public and info.is_food and info.allergens == ["milk", "nuts"]
    assert (info.net_quantity, info.net_quantity_unit, info.date_type) == (Decimal("370"), "g", "best_before")
    assert (info.storage, info.origin, info.producer_name) == (
        "Au frais après ouverture",
        "France",
        PRODUCER.split(";")[0],
    )
    apples = _product(merchant, "P1").food_information
    assert (apples.no_allergens, apples.net_quantity, apples.net_quantity_unit, apples.date_type) == (
        True,
        Decimal("1"),
        "kg",
        "none",
    )
    assert _product(merchant, "T1").food_information.is_food is False

    # The export writes them back, ready to re-import.
    exported = catalogue_export(merchant=merchant)
    assert exported.splitlines()[0].endswith(";producteur;adresse_producteur")
    assert "lait|fruits à coque" in exported
    assert _import(merchant, exported).updated == 3


@pytest.mark.parametrize(
    "cells, reason",
    [
        ("oui;Prunes;chocolat;370;g;ddm", "Allergène « chocolat » inconnu"),
        ("oui;Prunes;lait;370;boîtes;ddm", "Unité « boîtes » inconnue"),
        ("oui;Prunes;lait;beaucoup;g;ddm", "Quantité nette « beaucoup » illisible"),
        ("oui;Prunes;lait;370;g;demain", "Type de date « demain » inconnu"),
        ("peut-être;Prunes;lait;370;g;ddm", "écrivez « oui » ou « non »"),
    ],
)
def test_a_bad_food_value_rejects_the_row_with_a_french_reason(cells, reason):
    merchant = MerchantFactory()
    result = _import(
        merchant, HEADER + f"C1;Confiture;;Épicerie > Confitures;4;5,5;1;;;{cells};;;{PRODUCER}\n"
    )
    assert result.status == result.Status.DONE and result.created == 0
    assert [item["line"] for item in result.rejected] == [2]
    assert reason in result.rejected[0]["reason"]


def test_a_food_row_lacking_mandatory_information_is_imported_not_public_then_published_when_completed():
    merchant = MerchantFactory()
    result = _import(merchant, HEADER + "C1;Confiture;;Épicerie > Confitures;4;5,5;1;;;oui;Prunes;;;;;;;;\n")
    assert result.created == 1 and result.rejected == []
    assert [item["line"] for item in result.warnings] == [2]
    assert "sans être publié" in result.warnings[0]["reason"]
    assert "allergenes" in result.warnings[0]["reason"] and "type_date" in result.warnings[0]["reason"]
    assert _product(merchant, "C1").is_public is False

    completed = _import(
        merchant,
        HEADER + f"C1;Confiture;;Épicerie > Confitures;4;5,5;1;;;oui;Prunes;aucun;370;g;ddm;;;{PRODUCER}\n",
    )
    assert completed.updated == 1 and completed.warnings == []
    assert _product(merchant, "C1").is_public is True


def test_a_file_without_food_columns_leaves_the_food_information_as_it_was():
    merchant = MerchantFactory()
    product = make_product(merchant=merchant, title="Confiture")
    food_information_save(product=product, values=COMPLETE)
    header = "sku;title;description;category;price;vat_rate;stock;ean;image\n"
    result = _import(merchant, header + f"{product.upc};Confiture;;Épicerie > Confitures;4;5,5;1;;\n")
    assert result.updated == 1
    assert FoodInformation.objects.get(product=product).ingredients == COMPLETE["ingredients"]


def test_the_import_page_lists_the_food_columns(client):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    page = client.get(reverse("merchant-space:catalogue-import")).content.decode()
    for column in ("alimentaire", "allergenes", "quantite_nette", "type_date", "producteur"):
        assert column in page


# The product page


def test_the_product_page_shows_the_food_information_with_the_allergens_in_bold(client):
    merchant = MerchantFactory()
    product = make_product(merchant=merchant, title="Confiture de prunes")
    food_information_save(product=product, values=COMPLETE)
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<section class="food-information mb-3" aria-labelledby="food-information-title">' in html
    assert "Informations alimentaires" in html
    assert "Prunes d&#x27;Ente, sucre de canne, <strong>noisettes</strong>, <strong>beurre</strong>" in html
    assert "Allergènes : <strong>Lait</strong>, <strong>Fruits à coque</strong>" in html
    assert "370\u00a0g" in html
    assert "À consommer de préférence avant" in html
    assert "Après ouverture, à conserver au réfrigérateur." in html
    assert "Lot-et-Garonne, France" in html
    assert "SARL Épicerie du Lot" in html and "12 rue de la Libération, 47200 Marmande" in html


def test_a_non_food_product_page_shows_no_food_information(client):
    merchant = MerchantFactory()
    plain = make_product(merchant=merchant, title="Torchon")
    not_food = make_product(merchant=merchant, title="Tablier")
    food_information_save(product=not_food, values={"is_food": False})
    for product in (plain, not_food):
        html = client.get(product.get_absolute_url()).content.decode()
        assert "Informations alimentaires" not in html and "Allergènes" not in html


def test_the_product_page_speaks_english(client):
    product = make_product(merchant=MerchantFactory(), title="Confiture")
    food_information_save(product=product, values=COMPLETE)
    client.post(reverse("set_language"), {"language": "en", "next": product.get_absolute_url()})
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Food information" in html and "Allergens:" in html and "Best before" in html


# Territories


def test_food_information_stays_in_its_territory():
    a = TerritoryFactory(name="Val de Garonne")
    b = TerritoryFactory(name="Villeneuve-sur-Lot", with_marmande=False)
    product_a = make_product(merchant=MerchantFactory(territory=a))
    product_b = make_product(merchant=MerchantFactory(territory=b))
    info_a = food_information_save(product=product_a, values=COMPLETE)
    info_b = food_information_save(product=product_b, values=COMPLETE)
    assert (info_a.territory_id, info_b.territory_id) == (a.pk, b.pk)
    with territory_activate(a):
        assert list(FoodInformation.objects.all()) == [info_a]
        assert food_information_for_product(product=product_b) is None
        assert food_information_for_product(product=product_a) == info_a
    with territory_activate(b):
        assert list(FoodInformation.objects.values_list("pk", flat=True)) == [info_b.pk]
