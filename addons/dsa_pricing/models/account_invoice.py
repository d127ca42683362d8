import logging

from odoo import _, api, fields, models, tools

from odoo.addons.dsa_base.lib.runtime import running_tests

from .dsa_billing_mixin import lock_row

_logger = logging.getLogger(__name__)

SEND_STATES = [
    ('to_send', 'To send'),
    ('sent', 'Sent'),
    ('no_email', 'No email: billing team notified'),
]


class AccountInvoice(models.Model):
    """Invoices of the licence and support-hour billing are emailed with
    their PDF by a cron, out of the billing run: rendering a PDF costs a
    wkhtmltopdf process, the run must stay fast and must not fail on it."""
    _name = 'account.invoice'
    _inherit = ['account.invoice', 'dsa.action.guard']

    dsa_send_state = fields.Selection(
        SEND_STATES, string='Automatic email', copy=False, readonly=True, index=True,
        help='Invoices of the licence and support-hour billing are emailed with their PDF '
             'to the invoicing contact of the customer.')

    @api.model
    def _dsa_action_fields(self):
        """Whether the invoice is emailed is the billing run's and the email cron's."""
        res = super(AccountInvoice, self)._dsa_action_fields()
        res['dsa_send_state'] = _('the billing run and its email cron')
        return res

    @api.multi
    def _dsa_send(self):
        """Email the invoice with its PDF (the account module's template), or,
        without an email address, leave an activity for the billing manager."""
        self.ensure_one()
        if not self.partner_id.email:
            manager = self.company_id._dsa_billing_manager()
            self._dsa_activity(manager, _(
                'Customer %s has no email: send invoice %s by other means') % (
                    self.partner_id.display_name, self.number))
            self._dsa_action_write({'dsa_send_state': 'no_email'})
            return False
        template = self.env.ref('account.email_template_edi_invoice')
        mail_id = template.send_mail(self.id)
        self._dsa_action_write({'dsa_send_state': 'sent', 'sent': True})
        self.message_post(body=_('Invoice emailed to %s with its PDF.')
                          % tools.html_escape(self.partner_id.email))
        return self.env['mail.mail'].browse(mail_id)

    @api.multi
    def _dsa_activity(self, user, summary):
        self.ensure_one()
        return self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
            'summary': summary,
            'user_id': user.id,
        })

    @api.model
    def _cron_dsa_send_invoices(self, limit=200, auto_commit=None):
        """Email the posted billing invoices not sent yet; one that fails is
        logged and retried at the next run.

        In the cron (``auto_commit``, the default outside tests) each invoice
        is committed on its own instead of a savepoint: the first PDF a worker
        renders generates the report's assets, which Odoo 11 commits on the
        spot, and that commit would release any open savepoint."""
        if auto_commit is None:
            auto_commit = not running_tests()
        invoices = self.search([('dsa_send_state', '=', 'to_send'),
                                ('state', 'in', ('open', 'paid'))], limit=limit, order='id')
        done = self.browse()
        for invoice in invoices:
            try:
                if auto_commit:
                    if invoice._dsa_send_locked():
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                        done |= invoice
                    continue
                with self.env.cr.savepoint():
                    if invoice._dsa_send_locked():
                        done |= invoice
            except Exception:  # one bad invoice must not stop the others
                _logger.exception('Emailing invoice %s failed', invoice.number)
                if auto_commit:
                    self.env.cr.rollback()
                self.invalidate_cache()
        return done

    @api.multi
    def _dsa_send_locked(self):
        """Send unless a concurrent run sends (or sent) it: never twice."""
        self.ensure_one()
        if not lock_row(self) or self.dsa_send_state != 'to_send':
            return False
        self._dsa_send()
        return True
