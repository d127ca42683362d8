"""Target columns of each import kind: key, label, required.

A mapping profile names, for each key, the column of the source file. `requires_one`
lists groups of keys of which at least one column must be mapped.
"""
FIELDS = {
    'customers': [
        ('code', 'Customer code', False),
        ('name', 'Name', True),
        ('vat', 'VAT number', False),
        ('fiscal_code', 'Fiscal code', False),
        ('email', 'Email', False),
        ('phone', 'Phone', False),
        ('street', 'Street', False),
        ('zip', 'ZIP', False),
        ('city', 'City', False),
        ('province', 'Province', False),
        ('country', 'Country', False),
    ],
    'invoices': [
        ('number', 'Invoice number', True),
        ('date', 'Invoice date', True),
        ('customer_code', 'Customer code', False),
        ('customer_vat', 'Customer VAT', False),
        ('amount_untaxed', 'Untaxed amount', False),
        ('amount_tax', 'Tax amount', False),
        ('amount_total', 'Total amount', True),
        ('currency', 'Currency', False),
        ('line_product_code', 'Line product code', False),
        ('line_description', 'Line description', False),
        ('line_quantity', 'Line quantity', False),
        ('line_price_unit', 'Line unit price', False),
        ('line_subtotal', 'Line subtotal', False),
    ],
    'supplier_purchases': [
        ('supplier_code', 'Supplier code', False),
        ('supplier_vat', 'Supplier VAT', False),
        ('supplier_name', 'Supplier name', False),
        ('number', 'Order number', True),
        ('date', 'Order date', True),
        ('amount', 'Amount', True),
        ('currency', 'Currency', False),
        ('description', 'Description', False),
        ('order_pdf', 'Order PDF (file name or base64)', False),
    ],
    'offers': [
        ('reference', 'Offer/order reference', True),
        ('date', 'Date', True),
        ('customer_code', 'Customer code', False),
        ('customer_vat', 'Customer VAT', False),
        ('status', 'Status (offer, sent, order)', False),
        ('product_code', 'Product code', False),
        ('description', 'Line description', True),
        ('quantity', 'Quantity', False),
        ('price_unit', 'Unit price', True),
        ('validity_date', 'Valid until', False),
        ('offer_ref', 'Offer answered (reference, for an order)', False),
        ('pdf', 'Offer PDF (file name or base64)', False),
    ],
}

REQUIRES_ONE = {
    'customers': [],
    'invoices': [('customer_code', 'customer_vat')],
    'supplier_purchases': [('supplier_code', 'supplier_vat', 'supplier_name')],
    'offers': [('customer_code', 'customer_vat')],
}


def field_selection():
    seen, result = set(), []
    for kind in ('customers', 'invoices', 'supplier_purchases', 'offers'):
        for key, label, _required in FIELDS[kind]:
            if key not in seen:
                seen.add(key)
                result.append((key, label))
    return result
