from odoo import api, models

INTERVENTION_REPORT = 'dsa_tts.report_dsa_intervention'


class IrActionsReport(models.Model):
    _inherit = 'ir.actions.report'

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        """The intervention report printed from the backend is the very PDF of the
        portal (``project.task._dsa_report_pdf``): same letterhead, same layout,
        and once signed the archived copy."""
        if len(self) == 1 and self.report_name == INTERVENTION_REPORT and res_ids:
            tasks = self.env['project.task'].browse(res_ids)
            # the PDF is rendered as superuser: the printing user must read the tasks
            tasks.check_access_rights('read')
            tasks.check_access_rule('read')
            if len(tasks) == 1:
                return tasks._dsa_report_pdf(), 'pdf'
            return self.sudo()._run_wkhtmltopdf([tasks._dsa_report_html()]), 'pdf'
        return super(IrActionsReport, self).render_qweb_pdf(res_ids=res_ids, data=data)
