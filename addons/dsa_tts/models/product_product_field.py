from odoo import api, models

MAX_PRODUCTS = 500


class ProductProduct(models.Model):
    """The products of the field app (issue 25): names, codes and units only."""
    _inherit = 'product.product'

    @api.model
    def _dsa_field_domain(self):
        return ['|', ('sale_ok', '=', True), ('type', '=', 'product')]

    @api.model
    def _dsa_field_rows(self, rows):
        return [{'id': row['id'], 'name': row['name'], 'code': row['default_code'] or '',
                 'uom': row['uom_id'] and row['uom_id'][1]} for row in rows]

    @api.model
    def _dsa_field_products(self):
        """The products the app searches offline: no price, no cost."""
        return self._dsa_field_rows(self.search_read(
            self._dsa_field_domain(), ['name', 'default_code', 'uom_id'],
            order='name, id', limit=MAX_PRODUCTS))

    @api.model
    def _dsa_field_search(self, query, limit=20):
        """The online product search of the app, by name_search."""
        found = self.name_search(query or '', args=self._dsa_field_domain(), limit=limit)
        return self._dsa_field_rows(self.browse([pid for pid, _name in found]).read(
            ['name', 'default_code', 'uom_id']))
