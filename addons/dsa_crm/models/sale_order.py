from odoo import _, api, fields, models, tools

from .zone_guard import check_rules_after_write, check_targets_readable

OUTCOMES = [
    ('pending', 'Pending'),
    ('won', 'Won'),
    ('lost', 'Lost'),
]
# many2one targets an agent must be able to read (zone_guard.py)
TARGET_FIELDS = ('partner_invoice_id', 'partner_shipping_id', 'opportunity_id', 'dsa_offer_id')


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # Stored copy of the customer's zone, for the zone record rule: comparing an
    # indexed column of sale_order is several times faster than the rule on
    # partner_id.dsa_zone_id, which Odoo 11 turns into a list of every partner
    # id of the zones (bench/bench_zone_rules.py). The ORM updates it in the
    # same transaction when the customer (or its company) changes zone.
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='partner_id.dsa_zone_id', store=True,
        index=True, readonly=True)

    # Offers (CRM-6)
    dsa_probability = fields.Float(
        string='Probability (%)', default=50.0, track_visibility='onchange',
        help='Probability of success of the offer, in percent.')
    dsa_outcome = fields.Selection(
        OUTCOMES, string='Outcome', default='pending', index=True, copy=False,
        track_visibility='onchange',
        help='Not required in the database: the importers insert offers in batches.')
    dsa_lost_reason_id = fields.Many2one(
        'crm.lost.reason', string='Lost reason', copy=False, ondelete='restrict',
        track_visibility='onchange')
    dsa_feedback = fields.Text(
        string='Feedback', copy=False,
        help="Feedback on the offer, from the customer or the agent.")

    @api.model_cr_context
    def _auto_init(self):
        """An agent's list is one zone out of many: with the zone rule alone,
        PostgreSQL walks the name (or date) index and drops the other zones' rows
        until it has a page (bench/bench_zone_rules.py: 14,000 rows skipped for
        80, first page 2.3x Direction's). The zone-first indexes give the page
        directly."""
        res = super(SaleOrder, self)._auto_init()
        tools.create_index(self._cr, 'sale_order_dsa_zone_name_index', self._table,
                           ['dsa_zone_id', 'name'])
        tools.create_index(self._cr, 'sale_order_dsa_zone_date_index', self._table,
                           ['dsa_zone_id', 'date_order DESC', 'id DESC'])
        return res

    @api.model
    def create(self, vals):
        """The zone goes into the INSERT: the ORM recomputes the stored related
        zone with a write whose zone rule check would see no zone yet, which
        refused every quotation created by an agent."""
        check_targets_readable(self, vals, TARGET_FIELDS)
        if vals.get('partner_id') and 'dsa_zone_id' not in vals:
            partner = self.env['res.partner'].sudo().browse(vals['partner_id'])
            vals = dict(vals, dsa_zone_id=partner.dsa_zone_id.id)
        return super(SaleOrder, self).create(vals)

    @api.multi
    def action_confirm(self):
        """A confirmed order is a commitment (CRM-7). An order confirmed in Odoo is
        the quotation it was offered as (the same record), so it answers itself:
        the offer won. Imported orders answer a separate imported offer, linked by
        the importer."""
        res = super(SaleOrder, self).action_confirm()
        for order in self:
            vals = {'dsa_outcome': 'won', 'dsa_lost_reason_id': False}
            if not order.dsa_offer_id:
                vals['dsa_offer_id'] = order.id
            order.write(vals)
        return res

    @api.multi
    def action_cancel(self):
        """A cancelled offer is lost. The form asks for the reason first
        (action_dsa_cancel_offer); a call without it still records the outcome."""
        res = super(SaleOrder, self).action_cancel()
        self.filtered(lambda o: o.dsa_outcome != 'lost').write({'dsa_outcome': 'lost'})
        return res

    @api.multi
    def action_dsa_cancel_offer(self):
        """Cancel button of the form: a small wizard asks the lost reason and the
        feedback, then cancels."""
        return {
            'type': 'ir.actions.act_window',
            'name': _('Cancel the offer'),
            'res_model': 'dsa.offer.cancel',
            'view_mode': 'form',
            'target': 'new',
            'context': {'active_model': 'sale.order', 'active_ids': self.ids},
        }

    @api.multi
    def write(self, vals):
        """Odoo 11 checks the record rules before a write only: a zone-restricted
        user could move an order onto another zone's customer (or change the
        customer's zone through the stored related field). Check the result too,
        and the addresses and links written (zone_guard.py)."""
        check_targets_readable(self, vals, TARGET_FIELDS)
        res = super(SaleOrder, self).write(vals)
        check_rules_after_write(self)
        return res
