from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

KINDS = [
    ('visit', 'Visit'),
    ('call', 'Call'),
    ('email', 'Email'),
    ('meeting', 'Meeting'),
    ('note', 'Note'),
]

# field -> label used in the "missing field" message (quick entry form and RPC alike)
REQUIRED_FIELDS = ('partner_id', 'kind', 'summary')


class DsaContactLog(models.Model):
    """One contact of the sales force with a customer (CRM-5): the contact history."""

    _name = 'dsa.contact.log'
    _description = 'Contact log'
    _order = 'date desc, id desc'
    _rec_name = 'summary'

    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, ondelete='cascade')
    commercial_partner_id = fields.Many2one(
        'res.partner', string='Company', related='partner_id.commercial_partner_id',
        store=True, index=True, readonly=True)
    # Stored copy of the customer's zone, for the zone record rule (see sale_order.py).
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='partner_id.dsa_zone_id', store=True,
        index=True, readonly=True)
    user_id = fields.Many2one(
        'res.users', string='Salesperson', index=True, required=True,
        default=lambda self: self.env.user, ondelete='restrict')
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    kind = fields.Selection(KINDS, string='Kind', required=True, index=True)
    summary = fields.Text(required=True)
    date_followup = fields.Date(string='Follow-up', help='Optional date to contact again.')
    lead_id = fields.Many2one(
        'crm.lead', string='Opportunity', index=True, ondelete='set null')
