import base64
import hashlib
import threading
from collections import OrderedDict

from odoo import _, api, models
from odoo.exceptions import UserError

from .project_task import LOCKED_FIELDS

# Unsigned report PDFs already rendered, per worker: wkhtmltopdf takes a second
# or more, and a customer opening the report twice gets the same bytes.
# Key: database, task and the SHA-256 of the report's HTML.
_PDF_CACHE = OrderedDict()
_PDF_CACHE_SIZE = 32
_PDF_CACHE_LOCK = threading.Lock()


class ProjectTask(models.Model):
    """The intervention report, signed or rejected by the customer on the
    portal (TTS-7). The sign-off itself, its lock and its evidence are the
    ``dsa.signoff.mixin``'s; this says what the intervention's customer, PDF
    and frozen fields are."""
    _name = 'project.task'
    _inherit = ['project.task', 'dsa.signoff.mixin']

    @api.multi
    def _dsa_signoff_customer(self):
        self.ensure_one()
        partner = self.dsa_plant_id.partner_id or self.partner_id
        return partner.commercial_partner_id

    @api.multi
    def unlink(self):
        # refuse before mail.thread deletes the chatter (the mixin's own check
        # runs after it, at the bottom of the class hierarchy)
        signed = self.sudo().filtered('dsa_signed_on')
        if signed:
            raise UserError(_('Intervention %s is signed by the customer and cannot be '
                              'deleted.') % signed[0].name)
        return super(ProjectTask, self).unlink()

    @api.model
    def _dsa_signoff_locked_fields(self):
        return LOCKED_FIELDS

    @api.multi
    def _dsa_signoff_check_ready(self):
        self.ensure_one()
        if not self.dsa_is_intervention or self.dsa_state != 'done':
            raise UserError(_(
                'Intervention %s is not done yet: its report cannot be signed or '
                'rejected.') % self.name)

    @api.multi
    def _dsa_signoff_render_pdf(self, sign=None):
        return self._dsa_render_pdf(sign=sign)

    @api.multi
    def _dsa_render_pdf(self, sign=None):
        """Render the intervention report to PDF with wkhtmltopdf.

        The report is rendered with its styles inline (template
        ``report_dsa_intervention_standalone``) so that wkhtmltopdf fetches
        nothing from the server: the same bytes whether called from a request,
        a cron or a test.  ``sign`` (signer, date, ip, signature) renders the
        signature block of a sign-off that is not stored yet."""
        report = self.env.ref('dsa_tts.action_report_dsa_intervention').sudo()
        return report._run_wkhtmltopdf([self._dsa_report_html(sign=sign)])

    @api.multi
    def _dsa_report_html(self, sign=None):
        html = self.env['ir.qweb'].sudo().render(
            'dsa_tts.report_dsa_intervention_standalone', {
                'docs': self.sudo(),
                'company': self.env.user.company_id.sudo(),
                'dsa_sign': sign or {},
            })
        if isinstance(html, str):
            html = html.encode('utf-8')
        return html

    @api.multi
    def _dsa_report_pdf(self):
        """The report PDF: the archived one once signed, else the rendered one,
        kept in a small per-process cache while nothing it shows changes."""
        self.ensure_one()
        task = self.sudo()
        if task.dsa_signed_attachment_id:
            return base64.b64decode(task.dsa_signed_attachment_id.datas)
        # the HTML is cheap to render (milliseconds), wkhtmltopdf is not: the
        # same HTML gives the same PDF
        html = self._dsa_report_html()
        key = (self.env.cr.dbname, task.id, hashlib.sha256(html).hexdigest())
        with _PDF_CACHE_LOCK:
            pdf = _PDF_CACHE.get(key)
            if pdf is not None:
                _PDF_CACHE.move_to_end(key)
                return pdf
        report = self.env.ref('dsa_tts.action_report_dsa_intervention').sudo()
        pdf = report._run_wkhtmltopdf([html])
        with _PDF_CACHE_LOCK:
            _PDF_CACHE[key] = pdf
            while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
                _PDF_CACHE.popitem(last=False)
        return pdf

    @api.model
    def _dsa_data_uri(self, value, mimetype='image/png'):
        """``data:`` URI of a base64 binary field value, for the PDF templates."""
        if not value:
            return ''
        if isinstance(value, bytes):
            value = value.decode('ascii')
        return 'data:%s;base64,%s' % (mimetype, value)

    @api.multi
    def action_dsa_print_report(self):
        self.ensure_one()
        return self.env.ref('dsa_tts.action_report_dsa_intervention').report_action(self)
