"""Issue 15: recurring licence lines of orders confirmed before the upgrade
still show a quantity to invoice; recompute it (now 0) so that the order's
own invoicing cannot bill them a second time."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Line = env['sale.order.line']
    lines = Line.search([('dsa_recurring', '=', True), ('qty_to_invoice', '!=', 0)])
    if lines:
        env.add_todo(Line._fields['qty_to_invoice'], lines)
        Line.recompute()
        env.add_todo(Line._fields['invoice_status'], lines)
        Line.recompute()
        Order = env['sale.order']
        env.add_todo(Order._fields['invoice_status'], lines.mapped('order_id'))
        Order.recompute()
