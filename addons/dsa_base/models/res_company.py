import base64

from odoo import api, models
from odoo.tools import file_open


class ResCompany(models.Model):
    _inherit = 'res.company'

    @api.model
    def _dsa_demo_identity(self, xmlid, values):
        """Demo data: give the company ``xmlid`` the suite's demo identity
        ``values`` (name, address, country, VAT...) only when the database is
        built in that country, i.e. its localisation (``l10n_<country code>``)
        is installed or being installed: ``make run`` and ``make test`` install
        ``l10n_it`` with the suite.

        Elsewhere the company stays core's demo company, because core's own
        tests rely on it: account's post-init hook chooses the chart of
        accounts from the main company's country (an Italian country alone
        would install l10n_it and its chart under account's tests), and mail's
        tests compare reply-to addresses built from the company name unquoted
        (a name with dots, like "S.r.l.", is quoted). Called by a
        ``<function>`` in demo/dsa_company_demo.xml; returns whether it wrote."""
        country = self.env['res.country'].browse(values.get('country_id'))
        if not country or not self._dsa_localisation_chosen(country):
            return False
        values = dict(values)
        logo = values.pop('logo_file', None)
        if logo:
            with file_open(logo, 'rb') as f:
                values['logo'] = base64.b64encode(f.read())
        company = self.env.ref(xmlid)
        company.write(values)
        self._dsa_demo_automation_identity(company)
        return True

    @api.model
    def _dsa_demo_automation_identity(self, company):
        """Demo data: the superuser, who runs the scheduled actions, the mail
        gateway and the demo loading, speaks as the company: its partner takes
        the company's name and address, so that chatter messages and emails of
        the automation come from "DSA Impianti S.r.l." <info@...> and not from
        core's "YourCompany, Administrator" <admin@yourcompany.example.com>
        (in Odoo 11 the superuser is also the user ``admin``)."""
        self.env.ref('base.partner_root').write({
            'name': company.name,
            'email': company.email,
            'company_name': False,
            'parent_id': False,
        })

    @api.model
    def _dsa_localisation_chosen(self, country):
        """Whether ``country``'s localisation module is installed or being
        installed (so the chart of accounts is chosen by whoever builds the
        database, never by the demo company's country)."""
        return bool(self.env['ir.module.module'].search_count([
            ('name', '=', 'l10n_%s' % country.code.lower()),
            ('state', 'in', ('installed', 'to install', 'to upgrade')),
        ]))
