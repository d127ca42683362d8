from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

CARD_ROWS = 10       # rows of each list on the card
CARD_MONTHS = 24     # months of the revenue chart


class ResPartner(models.Model):
    """The customer card (CRM-8): everything an agent reads before a visit, in
    one JSON-serialisable dict for the client action dsa_crm.customer_card."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_dsa_customer_card(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.client',
            'tag': 'dsa_crm.customer_card',
            'name': self.commercial_partner_id.display_name,
            'params': {'partner_id': self.commercial_partner_id.id},
        }

    @api.multi
    def action_dsa_open_form(self):
        """The customer's form, from the card."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'res.partner',
            'res_id': self.commercial_partner_id.id,
            'view_mode': 'form',
            'views': [(self.env.ref('base.view_partner_form').id, 'form')],
            'target': 'current',
        }

    @api.multi
    def _dsa_card_orders_action(self, name, domain):
        self.ensure_one()
        action = self.env.ref('sale.action_quotations').read()[0]
        action.update({
            'name': name,
            'domain': [('partner_id', 'child_of', self.commercial_partner_id.id)] + domain,
            'context': {'default_partner_id': self.commercial_partner_id.id},
        })
        return action

    @api.multi
    def action_dsa_view_offers(self):
        return self._dsa_card_orders_action(
            _('Pending offers'),
            [('state', 'in', ('draft', 'sent')), ('dsa_outcome', '=', 'pending')])

    @api.multi
    def action_dsa_view_commitments(self):
        return self._dsa_card_orders_action(_('Commitments'), [('state', 'in', ('sale', 'done'))])

    # ------------------------------------------------------------------
    # Card data
    # ------------------------------------------------------------------
    @api.multi
    def dsa_card_data(self):
        """The card of the customer (its company for a contact person).

        Read with the caller's rights: a customer the caller cannot read
        raises AccessError, and each list only holds what the caller may see.
        Every list is a search with a limit and every total an aggregate
        (read_group), so the number of SQL queries does not depend on the
        customer's history (tests/test_customer_card.py).

        :returns: dict with the keys partner, contacts, contact_logs, offers,
            commitments, revenue, currency and service (filled by dsa_crm_tts
            when TTS is installed); lists are lists of dicts, counts integers,
            dates ISO strings.
        """
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        partner = self.commercial_partner_id
        partner.check_access_rule('read')
        currency = self.env.user.company_id.currency_id
        return {
            'partner': partner._dsa_card_partner(),
            'contacts': partner._dsa_card_contacts(),
            'contact_logs': partner._dsa_card_contact_logs(),
            'offers': partner._dsa_card_offers(),
            'commitments': partner._dsa_card_commitments(),
            'revenue': partner._dsa_card_revenue(),
            'currency': {'symbol': currency.symbol, 'position': currency.position},
            'service': {},
        }

    @api.multi
    def _dsa_card_partner(self):
        address = ', '.join(p for p in (
            self.street, self.street2, ' '.join(p for p in (self.zip, self.city) if p),
            self.state_id.code, self.country_id.name) if p)
        return {
            'id': self.id,
            'name': self.name,
            'address': address,
            'phone': self.phone or self.mobile or '',
            'email': self.email or '',
            'vat': self.vat or '',
            'zone': self.dsa_zone_id.display_name or '',
            # the salesperson may be a colleague, whose partner agents do not read
            'agent': self.user_id.sudo().display_name or '',
        }

    @api.multi
    def _dsa_card_contacts(self):
        rows = self.search_read(
            [('parent_id', '=', self.id), ('type', '=', 'contact')],
            ['name', 'function', 'phone', 'mobile', 'email'], limit=CARD_ROWS, order='name')
        return {'rows': rows, 'count': self.search_count([('parent_id', '=', self.id)])}

    @api.model
    def _dsa_card_list(self, model, domain, fields_, order, limit=CARD_ROWS):
        """rows (search_read with a limit; many2one as [id, name]) and the total."""
        Model = self.env[model]
        return {'rows': Model.search_read(domain, fields_, limit=limit, order=order),
                'count': Model.search_count(domain)}

    @api.multi
    def _dsa_card_contact_logs(self):
        logs = self._dsa_card_list(
            'dsa.contact.log', [('commercial_partner_id', '=', self.id)],
            ['date', 'kind', 'user_id', 'partner_id', 'summary', 'date_followup'],
            'date desc, id desc')
        kinds = dict(self.env['dsa.contact.log']._fields['kind']._description_selection(self.env))
        for row in logs['rows']:
            row['kind_label'] = kinds.get(row['kind'], '')
        return logs

    @api.multi
    def _dsa_card_offers(self):
        return self._dsa_card_list(
            'sale.order', [('partner_id', 'child_of', self.id), ('state', 'in', ('draft', 'sent')),
                           ('dsa_outcome', '=', 'pending')],
            ['name', 'date_order', 'validity_date', 'amount_untaxed', 'dsa_probability', 'user_id'],
            'date_order desc, id desc')

    @api.multi
    def _dsa_card_commitments(self):
        return self._dsa_card_list(
            'sale.order', [('partner_id', 'child_of', self.id), ('state', 'in', ('sale', 'done'))],
            ['name', 'confirmation_date', 'amount_untaxed', 'user_id'],
            'confirmation_date desc, id desc')

    @api.multi
    def _dsa_card_revenue(self, today=None):
        """Revenue by month over the last CARD_MONTHS months (oldest first, zero
        for months without invoices) and by year over the last three years, with
        the change against the previous year: two read_group queries."""
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        first = date(today.year, today.month, 1) - relativedelta(months=CARD_MONTHS - 1)
        Report = self.env['dsa.crm.revenue.report']
        domain = [('partner_id', '=', self.id)]
        by_month = {}
        for group in Report.read_group(
                domain + [('date', '>=', fields.Date.to_string(first))],
                ['amount', 'date'], ['date:month'], lazy=False):
            start = [leaf[2] for leaf in group['__domain']
                     if isinstance(leaf, (list, tuple)) and leaf[0] == 'date' and leaf[1] == '>=']
            by_month[max(start)[:7]] = group['amount'] or 0.0
        months = []
        for i in range(CARD_MONTHS):
            key = (first + relativedelta(months=i)).strftime('%Y-%m')
            months.append({'month': key, 'amount': round(by_month.get(key, 0.0), 2)})
        by_year = {}
        for group in Report.read_group(
                domain + [('date', '>=', '%d-01-01' % (today.year - 2)),
                          ('date', '<=', fields.Date.to_string(today))],
                ['amount', 'date'], ['date:year'], lazy=False):
            start = [leaf[2] for leaf in group['__domain']
                     if isinstance(leaf, (list, tuple)) and leaf[0] == 'date' and leaf[1] == '>=']
            by_year[int(max(start)[:4])] = group['amount'] or 0.0
        years = []
        for year in range(today.year - 2, today.year + 1):
            amount = round(by_year.get(year, 0.0), 2)
            previous = by_year.get(year - 1)
            change = round((amount - previous) / previous * 100.0, 1) if previous else None
            years.append({'year': year, 'amount': amount, 'change': change,
                          'to_date': year == today.year})
        return {'months': months, 'years': years}
