from email.utils import formataddr

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class MailTemplate(models.Model):
    _inherit = 'mail.template'

    @api.model
    def render_template(self, template_txt, model, res_ids, post_process=False):
        """A template can call any method of the records it renders, ``sudo()``
        included, and this method is callable over RPC: a portal user could
        render ``${object.sudo().env['mail.mail']...}`` and read every mail.
        Portal and public users never render templates as themselves (the
        suite renders their acknowledgements as superuser): refuse them."""
        if self.env.uid != SUPERUSER_ID and self.env.user.share:
            raise AccessError(_('Portal users cannot render email templates.'))
        return super(MailTemplate, self).render_template(
            template_txt, model, res_ids, post_process=post_process)

    @api.multi
    def send_mail(self, res_id, force_send=False, raise_exception=False, email_values=None):
        """Render as the current user (their access to the record applies),
        queue and send as superuser: mail.mail is closed to users (see
        mail_mail.py). Core's code, with the queue sudo as in Odoo 13."""
        self.ensure_one()
        Mail = self.env['mail.mail'].sudo()
        Attachment = self.env['ir.attachment']

        values = self.generate_email(res_id)
        values['recipient_ids'] = [(4, pid) for pid in values.get('partner_ids', list())]
        values.update(email_values or {})
        attachment_ids = values.pop('attachment_ids', [])
        attachments = values.pop('attachments', [])
        # add a protection against void email_from
        if 'email_from' in values and not values.get('email_from'):
            values.pop('email_from')
        self._dsa_sender_defaults(values)
        mail = Mail.create(values)

        for name, content in attachments:
            attachment_ids.append(Attachment.create({
                'name': name,
                'datas_fname': name,
                'datas': content,
                'type': 'binary',
                'res_model': 'mail.message',
                'res_id': mail.mail_message_id.id,
            }).id)
        if attachment_ids:
            mail.write({'attachment_ids': [(6, 0, attachment_ids)]})

        if force_send:
            mail.send(raise_exception=raise_exception)
        return mail.id

    @api.model
    def _dsa_sender_defaults(self, values):
        """The mail is created as superuser: keep the author and sender that
        core would have given it, the current user."""
        user = self.env.user
        if not values.get('author_id'):
            values['author_id'] = user.partner_id.id
        if not values.get('email_from') and user.email:
            values['email_from'] = formataddr((user.name, user.email))
