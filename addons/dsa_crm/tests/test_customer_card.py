import json
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase


def clone_rows(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``; ``overrides``
    maps a column to an SQL expression of the series number ``g`` (0-based).

    SQL on purpose: 2,000 contact logs, offers and invoice lines through the ORM
    take minutes on the shared test machine, and the card only reads them."""
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_name = %s AND column_name != 'id'""", (table,))
    columns = [c for (c,) in cr.fetchall()]
    select = [overrides.get(c, 't."%s"' % c) for c in columns]
    cr.execute('INSERT INTO "%s" (%s) SELECT %s FROM "%s" t, generate_series(0, %%s) g '
               'WHERE t.id = %%s RETURNING id'
               % (table, ', '.join('"%s"' % c for c in columns), ', '.join(select), table),
               (count - 1, template_id))
    return [r[0] for r in cr.fetchall()]


def fill_history(env, partner, user, count):
    """``count`` contact logs, pending offers and imported invoice lines (ten per
    invoice) for ``partner``, one a day back from today (wrapping after 600 days).
    One of each is made through the ORM, the others are copies of it."""
    today = fields.Date.context_today(env['res.partner'])
    day = "(DATE %s - mod(g, 600))" % ("'%s'" % today)
    product = env['product.product'].create({'name': 'Card product', 'list_price': 100})
    log = env['dsa.contact.log'].create({
        'partner_id': partner.id, 'kind': 'visit', 'user_id': user.id, 'summary': 'Card visit'})
    order = env['sale.order'].create({
        'partner_id': partner.id, 'user_id': user.id, 'dsa_probability': 40,
        'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1})]})
    invoice = env['dsa.imported.invoice'].create({
        'number': 'CARD-%s' % partner.id, 'date': today, 'partner_id': partner.id,
        'line_ids': [(0, 0, {'name': 'Card line', 'quantity': 1, 'price_unit': 10,
                             'price_subtotal': 10, 'product_id': product.id})]})
    cr = env.cr
    clone_rows(cr, 'dsa_contact_log', log.id, count - 1, {
        'date': "%s + TIME '09:00' - g * INTERVAL '1 second'" % day,
        'summary': "'Card visit ' || (g + 1)"})
    cr.execute("UPDATE dsa_contact_log SET date = %s::date + TIME '10:00', summary = %s "
               "WHERE id = %s", (today, 'Card visit 0', log.id))
    clone_rows(cr, 'sale_order', order.id, count - 1, {
        'name': "t.name || '-' || g", 'date_order': "%s + TIME '10:00'" % day})
    invoices = clone_rows(cr, 'dsa_imported_invoice', invoice.id, count // 10 - 1, {
        'number': "t.number || '-' || g", 'date': "(DATE '%s' - mod((g + 1) * 7, 600))" % today})
    cr.execute("""INSERT INTO dsa_imported_invoice_line
                      (invoice_id, sequence, product_id, name, quantity, price_unit,
                       price_subtotal, partner_id, date, create_uid, write_uid,
                       create_date, write_date)
                  SELECT i.id, l.sequence, l.product_id, l.name, l.quantity, l.price_unit,
                         l.price_subtotal, l.partner_id, i.date, 1, 1, now(), now()
                    FROM dsa_imported_invoice_line l, dsa_imported_invoice i,
                         generate_series(1, 10) g
                   WHERE l.id = %s AND i.id = ANY(%s)""", (invoice.line_ids.id, invoices))
    cr.execute("""INSERT INTO dsa_imported_invoice_line
                      (invoice_id, sequence, product_id, name, quantity, price_unit,
                       price_subtotal, partner_id, date, create_uid, write_uid,
                       create_date, write_date)
                  SELECT l.invoice_id, l.sequence, l.product_id, l.name, l.quantity,
                         l.price_unit, l.price_subtotal, l.partner_id, l.date, 1, 1,
                         now(), now()
                    FROM dsa_imported_invoice_line l, generate_series(1, 9) g
                   WHERE l.id = %s""", (invoice.line_ids.id,))
    env['res.partner'].invalidate_cache()


class TestCustomerCard(DsaCrmZoneCase):
    """CRM-8: the card's data, its rights and its query count."""

    @classmethod
    def setUpClass(cls):
        super(TestCustomerCard, cls).setUpClass()
        Partner = cls.env['res.partner']
        cls.small = Partner.create({'name': 'Card Small Spa', 'is_company': True, 'customer': True,
                                    'dsa_zone_id': cls.zone_nord.id, 'user_id': cls.agent_a.id})
        cls.big = Partner.create({'name': 'Card Big Spa', 'is_company': True, 'customer': True,
                                  'dsa_zone_id': cls.zone_nord.id, 'user_id': cls.agent_a.id})
        for partner in (cls.small, cls.big):
            Partner.create({'name': 'Card contact of %s' % partner.name,
                            'parent_id': partner.id, 'function': 'Buyer'})
        fill_history(cls.env, cls.small, cls.agent_a, 10)
        fill_history(cls.env, cls.big, cls.agent_a, 2000)

    def _card(self, user, partner):
        self.env['res.partner'].invalidate_cache()
        return self.env['res.partner'].sudo(user).browse(partner.id).dsa_card_data()

    def _queries(self, user, partner):
        self._card(user, partner)            # warm the caches of rules and views
        self.env['res.partner'].invalidate_cache()
        before = self.cr.sql_log_count
        self.env['res.partner'].sudo(user).browse(partner.id).dsa_card_data()
        return self.cr.sql_log_count - before

    def test_content(self):
        card = self._card(self.agent_a, self.big)
        json.dumps(card)        # JSON-serialisable, as over RPC
        self.assertEqual(card['partner']['name'], 'Card Big Spa')
        self.assertEqual(card['partner']['zone'], self.zone_nord.display_name)
        self.assertEqual(card['partner']['agent'], self.agent_a.name)
        self.assertEqual(card['contacts']['count'], 1)
        self.assertEqual(card['contact_logs']['count'], 2000)
        self.assertEqual(len(card['contact_logs']['rows']), 10)
        self.assertEqual(card['contact_logs']['rows'][0]['summary'], 'Card visit 0')
        self.assertEqual(card['contact_logs']['rows'][1]['summary'], 'Card visit 1')
        self.assertEqual(card['offers']['count'], 2000)
        self.assertEqual(len(card['offers']['rows']), 10)
        self.assertEqual(card['commitments']['count'], 0)
        months = card['revenue']['months']
        self.assertEqual(len(months), 24)
        self.assertEqual(months[-1]['month'], date.today().strftime('%Y-%m'))
        self.assertAlmostEqual(sum(m['amount'] for m in months), 20000.0)
        years = card['revenue']['years']
        self.assertEqual([y['year'] for y in years], [date.today().year - k for k in (2, 1, 0)])
        self.assertAlmostEqual(sum(y['amount'] for y in years), 20000.0)

    def test_commitments_and_year_change(self):
        order = self.env['sale.order'].search([('partner_id', '=', self.small.id)], limit=1)
        order.action_confirm()
        card = self._card(self.agent_a, self.small)
        self.assertEqual(card['commitments']['count'], 1)
        self.assertEqual(card['commitments']['rows'][0]['id'], order.id)
        self.assertEqual(card['offers']['count'], 9)
        this_year = date.today().year
        self.env['dsa.imported.invoice'].create({
            'number': 'CARD-Y1', 'date': '%d-03-01' % (this_year - 1),
            'partner_id': self.small.id, 'amount_untaxed': 100.0})
        self.env['dsa.imported.invoice'].create({
            'number': 'CARD-Y2', 'date': '%d-03-01' % (this_year - 2),
            'partner_id': self.small.id, 'amount_untaxed': 50.0})
        years = {y['year']: y for y in self._card(self.agent_a, self.small)['revenue']['years']}
        self.assertEqual(years[this_year - 2]['amount'], 50.0)
        self.assertTrue(years[this_year - 1]['amount'] >= 100.0)
        expected = (years[this_year - 1]['amount'] - 50.0) / 50.0 * 100
        self.assertAlmostEqual(years[this_year - 1]['change'], round(expected, 1))

    def test_contact_opens_company_card(self):
        contact = self.small.child_ids[:1]
        card = self._card(self.agent_a, contact)
        self.assertEqual(card['partner']['id'], self.small.id)

    def test_other_zone_refused(self):
        with self.assertRaises(AccessError):
            self._card(self.agent_b, self.small)
        with self.assertRaises(AccessError):
            self._card(self.agent_a, self.cust_b)
        with self.assertRaises(AccessError):
            self._card(self.agent_a, self.contact_b)
        # Direction sees every card
        self.assertEqual(self._card(self.direction, self.cust_b)['partner']['id'], self.cust_b.id)

    def test_query_count_does_not_grow_with_history(self):
        small = self._queries(self.agent_a, self.small)
        big = self._queries(self.agent_a, self.big)
        self.assertEqual(small, big)
        # a bound, so that a per-row query anywhere shows: about a hundred
        # queries, most of them the record rules' and the access checks' own
        self.assertLess(big, 160)

    def test_card_action(self):
        action = self.small.child_ids[:1].sudo(self.agent_a).action_dsa_customer_card()
        self.assertEqual(action['tag'], 'dsa_crm.customer_card')
        self.assertEqual(action['params'], {'partner_id': self.small.id})
        for method in ('action_dsa_view_offers', 'action_dsa_view_commitments',
                       'action_dsa_open_form', 'action_dsa_view_contact_logs'):
            self.assertTrue(getattr(self.small.sudo(self.agent_a), method)()['type'])
