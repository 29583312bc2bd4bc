"""Row-level security for Oscar's tables that hang off a product or an order (images, lines, events, payment
sources...) and for the payments' stock holds: each shows a row only when its parent row is visible."""

from django.db import migrations

from territory import rls

THROUGH = {
    "analytics_productrecord": ("product_id", "catalogue_product"),
    "analytics_userproductview": ("product_id", "catalogue_product"),
    "catalogue_productcategory": ("product_id", "catalogue_product"),
    "catalogue_productrecommendation": ("primary_id", "catalogue_product"),
    "catalogue_productattributevalue": ("product_id", "catalogue_product"),
    "catalogue_productimage": ("product_id", "catalogue_product"),
    "partner_stockalert": ("stockrecord_id", "partner_stockrecord"),
    "basket_line": ("product_id", "catalogue_product"),
    "basket_lineattribute": ("line_id", "basket_line"),
    "offer_rangeproduct": ("product_id", "catalogue_product"),
    "customer_productalert": ("product_id", "catalogue_product"),
    "order_ordernote": ("order_id", "order_order"),
    "order_orderstatuschange": ("order_id", "order_order"),
    "order_communicationevent": ("order_id", "order_order"),
    "order_lineprice": ("order_id", "order_order"),
    "order_lineattribute": ("line_id", "order_line"),
    "order_shippingevent": ("order_id", "order_order"),
    "order_shippingeventquantity": ("event_id", "order_shippingevent"),
    "order_paymentevent": ("order_id", "order_order"),
    "order_paymenteventquantity": ("event_id", "order_paymentevent"),
    "order_orderdiscount": ("order_id", "order_order"),
    "order_orderlinediscount": ("line_id", "order_line"),
    "order_surcharge": ("order_id", "order_order"),
    "payment_source": ("order_id", "order_order"),
    "payment_transaction": ("source_id", "payment_source"),
    "voucher_voucherapplication": ("order_id", "order_order"),
    "shop_stockhold": ("stockrecord_id", "partner_stockrecord"),
}


def forwards(apps, schema_editor):
    rls.policies_apply(schema_editor, [], THROUGH)


def backwards(apps, schema_editor):
    rls.policies_remove(schema_editor, list(THROUGH))


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0003_row_level_security"),
        ("analytics", "0003_auto_20200801_0817"),
        ("basket", "0012_line_code"),
        ("payment", "0005_auto_20200801_0817"),
        ("offer", "0013_range_excluded_categories"),
        ("customer", "0008_assign_permissions_to_staff"),
        ("voucher", "0010_auto_20210224_0712"),
        ("shop", "0010_move_territory_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
