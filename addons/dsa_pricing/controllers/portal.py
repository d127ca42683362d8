from odoo import http
from odoo.http import request

from odoo.addons.dsa_security.controllers.portal_access import DsaPortalAccess
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class DsaHoursPortal(DsaPortalAccess):
    """/my/hours: the customer's prepaid hour packages, the month's tasks,
    the hours spent per task and the hours left (PRC-4); the history of the
    months (used, expired, overuse billed) and the invoices of the packages.

    Everything is read as the portal user: the record rules of
    ``dsa.hour.package`` and ``account.analytic.line`` decide what is shown."""

    def _prepare_portal_layout_values(self):
        values = super(DsaHoursPortal, self)._prepare_portal_layout_values()
        values['dsa_hour_package_count'] = self._dsa_portal_search(
            'dsa.hour.package', count=True)
        return values

    def _dsa_hour_package_page_values(self, package):
        Line = request.env['account.analytic.line']
        # the domain walks task and project, which a portal user may not read:
        # select the package's lines with sudo, then read them back as the
        # user so that the timesheet record rules still decide what is shown
        candidates = Line.sudo().search(package._timesheet_domain())
        lines = Line.search([('id', 'in', candidates.ids)], order='date desc, id desc')
        return {
            'page_name': 'dsa_hours',
            'package': package,
            'timesheets': [{
                'date': line.date,
                'task': line.sudo().task_id.name,
                'name': line.name,
                'hours': line.unit_amount,
            } for line in lines],
            'task_summary': package._task_summary(lines),
            'hours_spent': sum(lines.mapped('unit_amount')),
        }

    def _dsa_package_invoices(self):
        """The invoices of the user's packages, as the user may read them
        (account's portal rule: invoices the customer follows)."""
        # sudo: only to collect the ids of the user's own months' invoices;
        # the months are searched as the user, the invoices checked as him
        months = self._dsa_portal_search('dsa.hour.package')
        ids = (months.mapped('invoice_id') | months.mapped('overuse_invoice_id')).ids
        return self._dsa_portal_search('account.invoice', [('id', 'in', ids)],
                                       order='date_invoice desc, id desc')

    @http.route(['/my/hours', '/my/hours/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_hour_packages(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Package = request.env['dsa.hour.package']
        total = Package.search_count([])
        pager = portal_pager(url='/my/hours', total=total, page=page,
                             step=self._items_per_page)
        packages = Package.search([], order='period_start desc', limit=self._items_per_page,
                                  offset=pager['offset'])
        current = packages.filtered(lambda p: p.state == 'running')[:1]
        values.update({
            'packages': packages,
            'subscriptions': request.env['dsa.hour.package.subscription'].search(
                [('state', '=', 'running')]),
            'package_invoices': self._dsa_package_invoices(),
            'pager': pager,
            'page_name': 'dsa_hours',
            'default_url': '/my/hours',
        })
        if current:
            values.update(self._dsa_hour_package_page_values(current))
            values['page_name'] = 'dsa_hours'
        return request.render('dsa_pricing.portal_my_hour_packages', values)

    @http.route(['/my/hours/<int:package_id>'], type='http', auth='user', website=True)
    def portal_my_hour_package(self, package_id, **kw):
        # the suite's one portal access check (dsa_security); back as the user
        # below: the timesheet record rules decide which lines are shown
        package = self._dsa_portal_record('dsa.hour.package', package_id).sudo(request.uid)
        values = CustomerPortal._prepare_portal_layout_values(self)  # no /my counters (bench/load)
        values.update(self._dsa_hour_package_page_values(package))
        return request.render('dsa_pricing.portal_my_hour_package', values)
