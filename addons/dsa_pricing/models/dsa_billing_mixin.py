import logging

import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, models
from odoo.tools import html_escape
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# another run holds the row, or committed a change to it after our snapshot
CONCURRENT_ERRORS = (errorcodes.LOCK_NOT_AVAILABLE, errorcodes.SERIALIZATION_FAILURE)


def lock_row(record):
    """Lock ``record`` for this transaction, or return False when another
    run holds it right now (or changed it after our snapshot): that run owns
    it, this one skips it."""
    record.ensure_one()
    try:
        # SQL: the ORM has no row lock; NOWAIT so that two runs never wait
        # on each other, and REPEATABLE READ makes a stale run fail here;
        # own savepoint: the caller's transaction stays usable on failure
        with record.env.cr.savepoint():
            record.env.cr.execute(
                'SELECT id FROM "%s" WHERE id = %%s FOR UPDATE NOWAIT' % record._table,
                (record.id,), log_exceptions=False)
    except psycopg2.OperationalError as exc:
        if exc.pgcode in CONCURRENT_ERRORS:
            return False
        raise
    return True


class DsaBillingMixin(models.AbstractModel):
    """What the licence subscriptions and the hour package subscriptions
    share to bill without holes: one owner per row while billing (a row
    lock), the checks that name what is missing, the posting of the invoice
    and its queueing for the email, and the failure report of a run."""
    _name = 'dsa.billing.mixin'
    _description = 'Recurring billing helpers'

    @api.multi
    def _dsa_lock(self):
        return lock_row(self)

    @api.model
    def _dsa_income_account(self, product, record_name):
        account = (product.property_account_income_id
                   or product.categ_id.property_account_income_categ_id)
        if not account:
            raise UserError(
                _('No income account for product "%s": set one on the product or on its '
                  'category (%s) before invoicing %s.')
                % (product.display_name, product.categ_id.display_name, record_name))
        return account

    @api.model
    def _dsa_sale_taxes(self, product, company, record_name):
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        if not taxes and company.dsa_billing_require_tax:
            raise UserError(
                _('No sales tax on product "%s" for company %s: set the customer taxes of '
                  'the product before invoicing %s.')
                % (product.display_name, company.name, record_name))
        return taxes

    @api.model
    def _dsa_sales_journal(self, company, record_name):
        journal = self.env['account.journal'].search(
            [('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
        if not journal:
            raise UserError(_('No sales journal for company %s: install a chart of accounts '
                              '(Accounting > Configuration) before invoicing %s.')
                            % (company.name, record_name))
        return journal

    @api.model
    def _dsa_invoice_partners(self, partner, record_name):
        """(commercial partner, invoicing contact) of a customer."""
        commercial = partner.commercial_partner_id
        if not commercial.property_account_receivable_id:
            raise UserError(_('Customer %s has no receivable account: set one on the '
                              'customer (Accounting tab) before invoicing %s.')
                            % (commercial.display_name, record_name))
        contact = self.env['res.partner'].browse(commercial.address_get(['invoice'])['invoice'])
        return commercial, contact

    @api.model
    def _dsa_post_invoice(self, vals):
        """Create, post and queue for the email one customer invoice (the
        email cron only sends it once posted).  The user running the billing
        does not follow each invoice it creates (mail_create_nosubscribe:
        measured, 8 queries an invoice less, and no notification of every
        later message of thousands of invoices)."""
        invoice = self.env['account.invoice'].with_context(
            mail_create_nosubscribe=True)._dsa_action_create(dict(vals, dsa_send_state='to_send'))
        if invoice.invoice_line_ids.mapped('invoice_line_tax_ids'):
            # measured: 40 queries per invoice, skipped when nothing is taxed
            invoice.compute_taxes()
        invoice.action_invoice_open()
        return invoice

    @api.model
    def _dsa_report_failures(self, failures, date, run_name):
        """One activity for the billing manager that lists the records whose
        billing failed (each failure is also posted on its record)."""
        if not failures:
            return False
        company = self.env.user.company_id
        manager = company._dsa_billing_manager()
        # names and errors carry customers' data: text, never markup
        lines = ''.join('<li>%s: %s</li>' % (html_escape(name), html_escape(error))
                        for name, error in failures)
        return self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get('res.partner').id,
            'res_id': company.partner_id.id,
            'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
            'summary': _('%s of %s: %d failed') % (run_name, date, len(failures)),
            'note': '<ul>%s</ul>' % lines,
            'user_id': manager.id,
        })

    @api.model
    def _dsa_run(self, records, date, method, run_name, batch_size=100):
        """Call ``method`` (name) on each record with ``date``, one savepoint
        each: a failure is posted on its record and the run goes on; a record
        owned by a concurrent run is skipped.  Returns (invoices, failures)."""
        invoices = self.env['account.invoice']
        failures = []
        for start in range(0, len(records), batch_size):
            for rec in records[start:start + batch_size]:
                try:
                    with self.env.cr.savepoint():
                        if not rec._dsa_lock():
                            _logger.info('%s: %s is billed by another run, skipped',
                                         run_name, rec.display_name)
                            continue
                        invoices |= getattr(rec, method)(date)
                except Exception as exc:  # one bad record must not stop the batch
                    # business errors are posted and summarised: no traceback
                    log = _logger.warning if isinstance(exc, UserError) else _logger.exception
                    log('%s: %s failed: %s', run_name, rec.display_name, exc)
                    self.invalidate_cache()
                    error = exc.name if isinstance(exc, UserError) else str(exc)
                    failures.append((rec.display_name, error))
                    rec.message_post(body=_('%s failed: %s') % (
                        html_escape(run_name), html_escape(error)))
        self._dsa_report_failures(failures, date, run_name)
        _logger.info('%s on %s: %d invoices, %d failed', run_name, date, len(invoices),
                     len(failures))
        return invoices, failures
