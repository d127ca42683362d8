from odoo import _, fields, http
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.dsa_signoff_code import mask_email


class DsaFieldSign(http.Controller):
    """The customer's signature on the technician's device, confirmed by a
    one-time code mailed to the customer (issue 25, field-contract.md).

    JSON-RPC routes for the field app, as the logged-in technician: the checks
    (technician, assigned, done, not signed, throttles) are the models'
    (``dsa.signoff.code._dsa_request`` and ``_dsa_confirm``). A wrong code is
    answered ``{"ok": false}`` without an error so that the try is counted
    and kept; the code itself is never answered."""

    @staticmethod
    def _check_technician():
        if not request.env.user.has_group('dsa_tts.group_technician'):
            raise AccessError(_('Only technicians can collect a signature on site.'))

    @staticmethod
    def _task(task_id):
        try:
            task_id = int(task_id)
        except (TypeError, ValueError):
            task_id = 0
        return request.env['project.task'].browse(task_id)

    @staticmethod
    def _payload(task):
        """The intervention as /field/api/day gives it (the field API's
        builder), or its sign-off part when that builder is not there."""
        builder = getattr(task, '_dsa_field_payload', None)
        items = builder().get('interventions') if builder else None
        if items:
            return items[0]
        sudo = task.sudo()
        return {
            'id': task.id,
            'report_state': sudo.dsa_report_state,
            'sign_mode': sudo.dsa_sign_mode or False,
            'signed_by': sudo.dsa_signed_by or False,
            'signable': False,
        }

    @http.route('/field/api/sign/request', type='json', auth='user', methods=['POST'])
    def field_sign_request(self, task_id=None, signer=None, signature=None, **kw):
        self._check_technician()
        task = self._task(task_id)
        if not task.exists():
            raise AccessError(_('This intervention does not exist or is not assigned to you.'))
        record = request.env['dsa.signoff.code']._dsa_request(task, signer, signature)
        return {
            'request_id': record.id,
            'sent_to': mask_email(record.email),
            'expires_at': fields.Datetime.to_string(
                fields.Datetime.from_string(record.expires_at)),
        }

    @http.route('/field/api/sign/confirm', type='json', auth='user', methods=['POST'])
    def field_sign_confirm(self, request_id=None, code=None, **kw):
        self._check_technician()
        result = request.env['dsa.signoff.code']._dsa_confirm(request_id, code)
        if result.get('ok'):
            record = request.env['dsa.signoff.code'].sudo().browse(int(request_id))
            result['intervention'] = self._payload(
                record.task_id.sudo(request.env.uid))
        return result
