from odoo import fields, models


class AccountInvoiceLine(models.Model):
    """The intervention an invoice line bills (project.task.action_dsa_invoice)."""
    _inherit = 'account.invoice.line'

    dsa_task_id = fields.Many2one(
        'project.task', 'Intervention', readonly=True, copy=False, index=True,
        ondelete='set null')
