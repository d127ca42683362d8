from odoo import _, api, fields, models
from odoo.tools import html_escape


class AccountInvoice(models.Model):
    """Interventions invoiced here (project.task.dsa_invoice_id).

    An intervention is invoiced at most once: it is freed for a new invoice
    when its invoice is cancelled or when a validated credit note refunds it."""
    _inherit = 'account.invoice'

    dsa_task_ids = fields.One2many(
        'project.task', 'dsa_invoice_id', 'Interventions', readonly=True)

    @api.multi
    def _dsa_free_tasks(self, reason):
        tasks = self.sudo().mapped('dsa_task_ids')
        if not tasks:
            # the usual case (measured: an empty write costs 2 queries an invoice)
            return
        for task in tasks:
            task.message_post(body=_('Invoice %s %s: the intervention can be invoiced '
                                     'again.') % (html_escape(task.dsa_invoice_id.number
                                                              or task.dsa_invoice_id.display_name),
                                                  html_escape(reason)))
        tasks.write({'dsa_invoice_id': False})

    @api.multi
    def action_invoice_open(self):
        res = super(AccountInvoice, self).action_invoice_open()
        refunds = self.filtered(lambda i: i.type == 'out_refund' and i.refund_invoice_id)
        refunds.mapped('refund_invoice_id')._dsa_free_tasks(_('refunded'))
        return res

    @api.multi
    def action_invoice_cancel(self):
        res = super(AccountInvoice, self).action_invoice_cancel()
        self._dsa_free_tasks(_('cancelled'))
        return res
