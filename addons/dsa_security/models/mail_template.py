from email.utils import formataddr

import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, _, api, models
from odoo.addons.mail.models import mail_template as core_mail_template
from odoo.api import Environment
from odoo.exceptions import AccessError
from odoo.models import BaseModel

# what gives a template more rights than the user who renders it
_ESCALATING_ATTRIBUTES = frozenset(['sudo', 'env', 'with_env', 'pool'])
# who is rendering in this thread (render_template below)
_RENDERING = threading.local()


@contextmanager
def _rendering_as(uid):
    previous = getattr(_RENDERING, 'uid', None)
    _RENDERING.uid = uid
    try:
        yield
    finally:
        _RENDERING.uid = previous


def _guard_sandbox(jinja_env):
    """A template rendered as a user cannot leave that user's rights.

    Core's sandbox refuses only attributes starting with an underscore: any
    employee (who may write templates, or render any text through the
    public render_template) could write ``${object.sudo().env['mail.mail']
    .search([])...}``, or reach a cursor through ``object.env.cr``, and read
    every mail and signup token. While a user other than the superuser
    renders (``user`` is a superuser record in core's variables, so the
    rendering user counts, not the record's), records lose those attributes
    and environments all theirs; the templates the suite and core render as
    superuser keep them."""
    is_safe = jinja_env.is_safe_attribute

    def is_safe_attribute(obj, attr, value):
        uid = getattr(_RENDERING, 'uid', None)
        if uid is None and isinstance(obj, (BaseModel, Environment)):
            uid = obj.uid if isinstance(obj, Environment) else obj.env.uid
        if uid != SUPERUSER_ID:
            if isinstance(obj, Environment):
                return False
            if attr in _ESCALATING_ATTRIBUTES and isinstance(obj, BaseModel):
                return False
        return is_safe(obj, attr, value)
    jinja_env.is_safe_attribute = is_safe_attribute


for _name in ('mako_template_env', 'mako_safe_template_env'):
    if hasattr(core_mail_template, _name):
        _guard_sandbox(getattr(core_mail_template, _name))


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
        with _rendering_as(self.env.uid):
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
