from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import html_escape, plaintext2html

from .zone_guard import check_rules_after_write, check_targets_readable

KINDS = [
    ('visit', 'Visit'),
    ('call', 'Call'),
    ('email', 'Email'),
    ('meeting', 'Meeting'),
    ('note', 'Note'),
]

# a log without one of these is refused with a message naming the field
REQUIRED_FIELDS = ('partner_id', 'kind', 'summary')


class DsaContactLog(models.Model):
    """One contact of a user with a customer (CRM-5): the contact history.

    Agents, area managers, direction and administration all write to the same
    log; the zone record rule reads the stored zone of the customer (contact
    persons carry their company's zone)."""

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
        'res.users', string='User', index=True, required=True,
        default=lambda self: self.env.user, ondelete='restrict')
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    kind = fields.Selection(KINDS, string='Kind', required=True, index=True)
    summary = fields.Text(required=True)
    date_followup = fields.Date(string='Follow-up', help='Optional date to contact again.')
    lead_id = fields.Many2one(
        'crm.lead', string='Opportunity', index=True, ondelete='set null',
        domain="[('partner_id', 'child_of', commercial_partner_id)]")

    @api.multi
    def name_get(self):
        kinds = dict(self._fields['kind']._description_selection(self.env))
        return [(log.id, '%s: %s' % (kinds.get(log.kind, ''), (log.summary or '')[:60]))
                for log in self]

    @api.model
    def create(self, vals):
        vals = self._add_missing_default_values(vals)   # context defaults of the quick entry
        self._dsa_check_vals(vals, creating=True)
        # The zone goes into the INSERT: the ORM recomputes stored related fields
        # with a write whose record rule check would otherwise see no zone yet.
        partner = self.env['res.partner'].sudo().browse(vals['partner_id'])
        vals = dict(vals, dsa_zone_id=partner.dsa_zone_id.id,
                    commercial_partner_id=partner.commercial_partner_id.id)
        log = super(DsaContactLog, self).create(vals)
        log._dsa_post_on_partner()
        return log

    @api.multi
    def write(self, vals):
        self._dsa_check_vals(vals)
        self._dsa_check_own()
        res = super(DsaContactLog, self).write(vals)
        check_rules_after_write(self)   # not moved onto another zone's customer
        return res

    @api.multi
    def unlink(self):
        self._dsa_check_own()
        return super(DsaContactLog, self).unlink()

    @api.multi
    def _dsa_check_own(self):
        """Everyone reads the log of their zones, but changes only their own
        entries; Direction corrects any. Checked here rather than by a record rule:
        the zone recomputation after a customer changes zone writes other users'
        entries (a write rule would refuse it to the agent moving the customer)."""
        if self.env.uid == SUPERUSER_ID or self.env.user.has_group('dsa_crm.group_direction'):
            return
        others = self.filtered(lambda log: log.user_id.id != self.env.uid)
        if others:
            other = others[0]
            raise AccessError(_('You can only change your own contact log entries, not '
                                'the entry "%s" of %s.')
                              % (other.display_name, other.user_id.sudo().name))

    @api.model
    def _dsa_check_vals(self, vals, creating=False):
        """Clear messages for a missing field (the database would only say NOT NULL)
        and no log in another user's name, except for Direction."""
        for name in REQUIRED_FIELDS:
            if (creating or name in vals) and not vals.get(name):
                field = self._fields[name]
                raise ValidationError(
                    _('A contact log needs the field "%s".')
                    % field._description_string(self.env))
        user_id = vals.get('user_id')
        if (user_id and user_id != self.env.uid and self.env.uid != SUPERUSER_ID
                and not self.env.user.has_group('dsa_crm.group_direction')):
            raise AccessError(_('You cannot write a contact log in the name of another user.'))
        check_targets_readable(self, vals, ('partner_id', 'lead_id'))

    @api.multi
    def _dsa_post_on_partner(self):
        """Show the entry in the chatter of the customer (its company for a contact).
        The log was created with the user's rights (its zone rule checked the customer);
        posting needs write access to the partner, which agents need not have."""
        kinds = dict(self._fields['kind']._description_selection(self.env))
        for log in self:
            partner = log.commercial_partner_id or log.partner_id
            body = '<p><b>%s</b> (%s)</p>%s' % (
                html_escape(kinds[log.kind]), html_escape(log.partner_id.name),
                plaintext2html(log.summary))
            partner.sudo().with_context(mail_create_nosubscribe=True).message_post(
                body=body, subtype='mail.mt_note', message_type='comment',
                author_id=log.user_id.sudo().partner_id.id)
