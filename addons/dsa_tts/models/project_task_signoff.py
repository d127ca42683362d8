import base64
import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import UserError

REPORT_STATES = [
    ('none', 'Not signed'),
    ('signed', 'Signed'),
    ('rejected', 'Rejected'),
]

SIGN_FIELDS = ('dsa_signed_by', 'dsa_signed_on', 'dsa_signed_ip', 'dsa_signature',
               'dsa_signed_sha256', 'dsa_signed_attachment_id')


class ProjectTask(models.Model):
    """The intervention report and its sign-off by the customer (TTS-7)."""
    _inherit = 'project.task'

    # sign-off
    dsa_report_state = fields.Selection(
        REPORT_STATES, 'Report', default='none', required=True, readonly=True, copy=False,
        track_visibility='onchange')
    dsa_signed_by = fields.Char('Signed by', readonly=True, copy=False)
    dsa_signed_on = fields.Datetime('Signed on', readonly=True, copy=False)
    dsa_signed_ip = fields.Char('Signed from IP', readonly=True, copy=False)
    dsa_signature = fields.Binary('Signature', readonly=True, copy=False, attachment=True)
    dsa_signed_sha256 = fields.Char('SHA-256 of the signed report', readonly=True, copy=False)
    dsa_signed_attachment_id = fields.Many2one(
        'ir.attachment', 'Signed report', readonly=True, copy=False)
    dsa_reject_reason = fields.Text('Rejection reason', readonly=True, copy=False)
    dsa_rejected_on = fields.Datetime('Rejected on', readonly=True, copy=False)

    @api.multi
    def _dsa_render_pdf(self, sign=None):
        """Render the intervention report to PDF with wkhtmltopdf.

        The report is rendered with its styles inline (template
        ``report_dsa_intervention_standalone``) so that wkhtmltopdf fetches
        nothing from the server: the same bytes whether called from a request,
        a cron or a test.  ``sign`` (signer, date, ip, signature) renders the
        signature block of a sign-off that is not stored yet."""
        report = self.env.ref('dsa_tts.action_report_dsa_intervention').sudo()
        html = self.env['ir.qweb'].sudo().render(
            'dsa_tts.report_dsa_intervention_standalone', {
                'docs': self.sudo(),
                'company': self.env.user.company_id.sudo(),
                'dsa_sign': sign or {},
            })
        if isinstance(html, str):
            html = html.encode('utf-8')
        return report._run_wkhtmltopdf([html])

    @api.model
    def _dsa_data_uri(self, value, mimetype='image/png'):
        """``data:`` URI of a base64 binary field value, for the PDF templates."""
        if not value:
            return ''
        if isinstance(value, bytes):
            value = value.decode('ascii')
        return 'data:%s;base64,%s' % (mimetype, value)

    @api.multi
    def action_dsa_sign(self, signer, signature, ip=None):
        """Customer approval of the report: store signer, time, IP and the
        signature (base64 PNG), archive the signed PDF in the chatter with its
        SHA-256, and lock the intervention."""
        self.ensure_one()
        signer = (signer or '').strip()
        if not signer:
            raise UserError(_('Give the name of the person who signs.'))
        if not signature:
            raise UserError(_('Draw the signature before approving.'))
        if isinstance(signature, str) and signature.startswith('data:'):
            signature = signature.split(',', 1)[1]
        try:
            raw = base64.b64decode(signature, validate=True)
        except (ValueError, TypeError):
            raise UserError(_('The signature is not a valid image.'))
        if not raw.startswith(b'\x89PNG'):
            raise UserError(_('The signature must be a PNG image.'))
        if self.dsa_state != 'done':
            raise UserError(_(
                'Intervention %s is not done yet: its report cannot be signed.') % self.name)
        if self.dsa_signed_on:
            raise UserError(_('Intervention %s is already signed.') % self.name)
        # render first: nothing is written if wkhtmltopdf fails
        sign = {
            'signer': signer,
            'date': fields.Datetime.now(),
            'ip': ip or False,
            'signature': base64.b64encode(raw),
        }
        pdf = self._dsa_render_pdf(sign=sign)
        digest = hashlib.sha256(pdf).hexdigest()
        task = self.with_context(dsa_signing=True)
        task.write({
            'dsa_signed_by': signer,
            'dsa_signed_on': sign['date'],
            'dsa_signed_ip': sign['ip'],
            'dsa_signature': sign['signature'],
            'dsa_report_state': 'signed',
            'dsa_reject_reason': False,
            'dsa_rejected_on': False,
        })
        attachment = self.env['ir.attachment'].sudo().create({
            'name': _('Signed report %s.pdf') % self.name,
            'datas_fname': 'signed_report_%s.pdf' % self.id,
            'datas': base64.b64encode(pdf),
            'mimetype': 'application/pdf',
            'res_model': self._name,
            'res_id': self.id,
        })
        task.write({'dsa_signed_sha256': digest, 'dsa_signed_attachment_id': attachment.id})
        self.sudo().message_post(
            author_id=self.env.context.get('dsa_author_id'),
            body=_('Report approved and signed by %s from %s. SHA-256 of the signed PDF: %s')
            % (signer, ip or _('unknown address'), digest),
            attachment_ids=[attachment.id],
            subtype='mail.mt_note')
        return attachment

    @api.multi
    def action_dsa_reject(self, reason, signer=None):
        self.ensure_one()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_('Give the reason why the report is rejected.'))
        if self.dsa_signed_on:
            raise UserError(_('Intervention %s is already signed.') % self.name)
        if self.dsa_state != 'done':
            raise UserError(_(
                'Intervention %s is not done yet: its report cannot be rejected.') % self.name)
        self.with_context(dsa_signing=True).write({
            'dsa_report_state': 'rejected',
            'dsa_reject_reason': reason,
            'dsa_rejected_on': fields.Datetime.now(),
        })
        self.sudo().message_post(
            author_id=self.env.context.get('dsa_author_id'),
            body=_('Report rejected by %s: %s') % (signer or _('the customer'), reason),
            subtype='mail.mt_comment')
        return True

    @api.multi
    def action_dsa_print_report(self):
        self.ensure_one()
        return self.env.ref('dsa_tts.action_report_dsa_intervention').report_action(self)
