from odoo import api, fields, models


class DsaOfferCancel(models.TransientModel):
    """Asks why an offer is lost before cancelling it (CRM-6)."""

    _name = 'dsa.offer.cancel'
    _description = 'Cancel an offer'

    lost_reason_id = fields.Many2one('crm.lost.reason', string='Lost reason', required=True)
    feedback = fields.Text(string='Feedback', help="The customer's or the agent's feedback.")

    @api.multi
    def action_cancel_offer(self):
        self.ensure_one()
        orders = self.env['sale.order'].browse(self.env.context.get('active_ids', []))
        vals = {'dsa_outcome': 'lost', 'dsa_lost_reason_id': self.lost_reason_id.id}
        if self.feedback:
            vals['dsa_feedback'] = self.feedback
        orders.write(vals)
        orders.action_cancel()
        return {'type': 'ir.actions.act_window_close'}
