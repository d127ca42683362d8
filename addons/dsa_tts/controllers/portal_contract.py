from odoo import fields, http
from odoo.http import request

from odoo.addons.dsa_security.controllers.portal_access import DsaPortalAccess
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import page_values

# how many next preventive dates the contract page shows
PLAN_DATES = 6


class DsaContractPortal(DsaPortalAccess):
    """"My contracts" on the customer portal (issue 14).

    Portal users have no access right on dsa.service.contract (the contract
    carries internal terms that only the back office edits): the model says
    what its customers see (``_dsa_portal_domain``: their company's running and
    expired contracts), and the suite's one portal access check applies it
    (dsa_security, DsaPortalAccess). A contract of another customer, or one
    that does not exist, answers 404.
    """

    def _prepare_portal_layout_values(self):
        values = super(DsaContractPortal, self)._prepare_portal_layout_values()
        values['dsa_contract_count'] = self._dsa_portal_search(
            'dsa.service.contract', count=True)
        return values

    @http.route(['/my/contracts', '/my/contracts/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_contracts(self, page=1, **kw):
        self._dsa_check_portal_user()
        values = self._prepare_portal_layout_values()
        pager = portal_pager(url='/my/contracts', total=values['dsa_contract_count'],
                             page=page, step=self._items_per_page)
        contracts = self._dsa_portal_search('dsa.service.contract', limit=self._items_per_page,
                                            offset=pager['offset'])
        values.update({
            'contracts': contracts,
            'page_name': 'dsa_contract',
            'default_url': '/my/contracts',
            'pager': pager,
        })
        return request.render('dsa_tts.portal_my_dsa_contracts', values)

    @http.route(['/my/contracts/<int:contract_id>'], type='http', auth='user', website=True)
    def portal_my_contract(self, contract_id, **kw):
        contract = self._dsa_portal_record('dsa.service.contract', contract_id)
        values = page_values(self)
        values.update({
            'contract': contract,
            'plan_dates': self._dsa_plan_dates(contract),
            'page_name': 'dsa_contract',
        })
        return request.render('dsa_tts.portal_my_dsa_contract', values)

    @http.route(['/my/contracts/<int:contract_id>/pdf'], type='http', auth='user',
                website=True)
    def portal_my_contract_pdf(self, contract_id, **kw):
        contract = self._dsa_portal_record('dsa.service.contract', contract_id)
        result = request.env.ref('dsa_tts.action_report_dsa_service_contract').sudo() \
            .render_qweb_pdf([contract.id])
        # (pdf, 'pdf'); only the HTML under a test cursor (Odoo 11's deadlock guard)
        pdf = result[0] if isinstance(result, tuple) else result
        filename = 'Contract %s.pdf' % contract.name.replace('/', '-')
        return request.make_response(pdf, headers=[
            ('Content-Type', 'application/pdf'), ('Content-Length', len(pdf)),
            ('Content-Disposition', 'inline; filename="%s"' % filename)])

    @staticmethod
    def _dsa_plan_dates(contract):
        """The next due dates of the preventive schedule, within the contract."""
        if contract.state != 'running' or not contract.preventive_interval \
                or not contract.next_preventive_date:
            return []
        due = fields.Date.from_string(contract.next_preventive_date)
        end = contract.date_end and fields.Date.from_string(contract.date_end)
        dates = []
        while len(dates) < PLAN_DATES and (not end or due <= end):
            dates.append(fields.Date.to_string(due))
            due = contract._dsa_next_grid_date(due)
        return dates
