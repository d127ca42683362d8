from odoo import api, fields, models

# channels whose calls get an acknowledgement email with their number
ACK_CHANNELS = ('portal', 'email')


class DsaTicket(models.Model):
    """The acknowledgement of a service call opened by the customer (by email
    or on the portal): an email with the call's number and its portal link."""
    _inherit = 'dsa.ticket'

    dsa_portal_full_url = fields.Char(
        'Portal link', compute='_compute_dsa_portal_full_url',
        help='Address of the call on the customer portal, as written in the emails.')

    @api.multi
    def _compute_dsa_portal_full_url(self):
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url') or ''
        for ticket in self:
            ticket.dsa_portal_full_url = '%s/my/ticket/%s' % (base.rstrip('/'), ticket.id)

    @api.model
    def create(self, vals):
        ticket = super(DsaTicket, self).create(vals)
        if ticket.channel in ACK_CHANNELS:
            ticket._dsa_send_ack()
        return ticket

    @api.multi
    def _dsa_send_ack(self):
        """Queue the acknowledgement email to the customer contact, in its
        language. A sender that matches no customer (a call to triage) gets
        none: the From of an email is easily forged, and the service alias
        must not send mail (with a subject chosen by the sender) to any
        address that a stranger writes there."""
        template = self.env.ref('dsa_tts.mail_template_dsa_ticket_ack').sudo()
        for ticket in self.filtered(lambda t: t.partner_id.email):
            partner = ticket.partner_id
            template.with_context(lang=partner.lang or 'en_US').send_mail(
                ticket.id, email_values={'recipient_ids': [(6, 0, [partner.id])]})
