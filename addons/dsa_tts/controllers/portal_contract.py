from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import page_values

# how many next preventive dates the contract page shows
PLAN_DATES = 6


class DsaContractPortal(CustomerPortal):
    """"My contracts" on the customer portal (issue 14).

    Portal users have no access right on dsa.service.contract (the contract
    carries internal terms that only the back office edits), so this
    controller reads with sudo() and always filters on the user's own
    commercial partner itself: a contract of another customer, or one that
    does not exist, answers 404. Drafts and cancelled contracts are not shown.
    """

    def _dsa_contract_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [('partner_id', 'child_of', [partner.id]),
                ('state', 'in', ('running', 'expired'))]

    def _prepare_portal_layout_values(self):
        values = super(DsaContractPortal, self)._prepare_portal_layout_values()
        values['dsa_contract_count'] = request.env['dsa.service.contract'].sudo().search_count(
            self._dsa_contract_domain())
        return values

    def _dsa_contract_get(self, contract_id):
        contract = request.env['dsa.service.contract'].sudo().search(
            [('id', '=', contract_id)] + self._dsa_contract_domain())
        if not contract:
            raise NotFound()
        return contract

    @http.route(['/my/contracts', '/my/contracts/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_contracts(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Contract = request.env['dsa.service.contract'].sudo()
        domain = self._dsa_contract_domain()
        pager = portal_pager(url='/my/contracts', total=Contract.search_count(domain),
                             page=page, step=self._items_per_page)
        contracts = Contract.search(domain, limit=self._items_per_page,
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
        contract = self._dsa_contract_get(contract_id)
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
        contract = self._dsa_contract_get(contract_id)
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
