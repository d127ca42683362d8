from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .portal_ticket import DsaTicketPortal


class DsaOnsitePortal(DsaTicketPortal):
    """The customer confirms or disputes on the portal a report signed on
    site without the one-time code (issue 25). Same access check and 404 as
    the portal's sign and reject (``_dsa_intervention_check_access``); the
    models check again that the user is a portal user of the customer and
    run as that user."""

    @http.route(['/my/intervention/<int:task_id>/onsite/confirm'], type='http',
                auth='user', methods=['POST'], website=True)
    def portal_dsa_intervention_onsite_confirm(self, task_id, **kw):
        task = self._dsa_intervention_check_access(task_id)
        try:
            task.sudo(request.env.uid)._dsa_onsite_confirm()
        except UserError as e:
            return self._dsa_intervention_error(task, e)
        return request.redirect('/my/intervention/%s?confirmed=1' % task.id)

    @http.route(['/my/intervention/<int:task_id>/onsite/dispute'], type='http',
                auth='user', methods=['POST'], website=True)
    def portal_dsa_intervention_onsite_dispute(self, task_id, reason=None, **kw):
        task = self._dsa_intervention_check_access(task_id)
        try:
            task.sudo(request.env.uid)._dsa_onsite_dispute(reason)
        except UserError as e:
            return self._dsa_intervention_error(task, e)
        return request.redirect('/my/intervention/%s?disputed=1' % task.id)
