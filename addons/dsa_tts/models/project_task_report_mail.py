import base64

from odoo import _, api, fields, models
from odoo.tools import html_escape


class ProjectTask(models.Model):
    """When an intervention is done, the customer contact gets an email with
    the link to review and sign its report, and the unsigned report is
    attached to the intervention: the back office sees what the customer
    sees (issue 16)."""
    _inherit = 'project.task'

    dsa_unsigned_attachment_id = fields.Many2one(
        'ir.attachment', 'Report sent for signature', readonly=True, copy=False,
        ondelete='set null')
    dsa_portal_full_url = fields.Char(
        'Portal link', compute='_compute_dsa_portal_full_url',
        help='Address of the intervention on the customer portal, as written in the emails.')

    @api.multi
    def _compute_dsa_portal_full_url(self):
        base = (self.env['ir.config_parameter'].sudo().get_param('web.base.url') or '').rstrip('/')
        for task in self:
            task.dsa_portal_full_url = '%s/my/intervention/%s' % (base, task.id)

    @api.multi
    def action_dsa_done(self):
        newly_done = self.filtered(lambda t: t.dsa_is_intervention and t.dsa_state != 'done')
        res = super(ProjectTask, self).action_dsa_done()
        for task in newly_done.filtered(lambda t: t.dsa_state == 'done'):
            task._dsa_send_report_to_sign()
        return res

    @api.multi
    def _dsa_send_report_to_sign(self):
        """Attach the unsigned report (in the contact's language) and email the
        customer contact the link to sign it."""
        self.ensure_one()
        contact = self._dsa_customer_contact().sudo()
        lang = contact.lang or self.env.user.lang or 'en_US'
        task = self.sudo().with_context(lang=lang)
        pdf = task._dsa_report_pdf()
        attachment = self.env['ir.attachment'].sudo().create({
            'name': _('Report %s (to sign).pdf') % task.name,
            'datas_fname': 'report_to_sign_%s.pdf' % task.id,
            'datas': base64.b64encode(pdf),
            'mimetype': 'application/pdf',
            'res_model': task._name,
            'res_id': task.id,
            'dsa_document_kind': 'report',
        })
        # after a reopening, the report sent before stays in the chatter
        task.write({'dsa_unsigned_attachment_id': attachment.id})
        if contact.email:
            body = _('Report sent to %s for review and signature.') % html_escape(contact.name)
        else:
            # the contact's name is the customer's to change (portal account page)
            body = _('Report ready for signature; %s has no email address.') % html_escape(
                contact.name or _('the customer'))
        task.message_post(body=body, attachment_ids=[attachment.id], subtype='mail.mt_note')
        if contact.email:
            template = self.env.ref('dsa_tts.mail_template_dsa_intervention_to_sign').sudo()
            template.with_context(lang=lang).send_mail(
                task.id, email_values={'recipient_ids': [(6, 0, [contact.id])]})
        return attachment
