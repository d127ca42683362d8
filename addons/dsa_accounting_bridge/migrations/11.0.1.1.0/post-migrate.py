"""The offers profiles are noupdate data: add their two new optional columns (answered
offer, offer PDF) to the databases installed before (ACB-1, background imports)."""
from odoo import SUPERUSER_ID, api

COLUMNS = {
    'dsa_import_profile_generic_offers': (('offer_ref', 'offer_ref'), ('pdf', 'pdf')),
    'dsa_import_profile_italian_offers': (('offer_ref', 'Offerta di riferimento'),
                                          ('pdf', 'PDF')),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, columns in COLUMNS.items():
        profile = env.ref('dsa_accounting_bridge.%s' % xmlid, raise_if_not_found=False)
        if not profile:
            continue
        mapped = set(profile.line_ids.mapped('field_name'))
        profile.write({'line_ids': [
            (0, 0, {'sequence': 100 + 10 * i, 'field_name': key, 'column_name': column})
            for i, (key, column) in enumerate(columns) if key not in mapped]})
