"""The portal shows each call's promised times and whether they were kept
(issue 26), in Italian, to the customer's own users only."""
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, post_install

from .sla_common import clock, make_sla_data, new_call


@at_install(False)
@post_install(True)
class TestSlaPortal(HttpCase):

    def setUp(self):
        super(TestSlaPortal, self).setUp()
        # HttpCase serves requests on the registry's test cursor: build the data there
        test_cr = self.registry.cursor()
        test_cr.release()
        self.env = api.Environment(test_cr, SUPERUSER_ID, {})
        make_sla_data(self)
        Users = self.env['res.users'].with_context(no_reset_password=True)
        portal = self.env.ref('base.group_portal')
        self.portal_own = Users.create({
            'name': 'Paola Portale', 'login': 'sla_portal_own', 'password': 'sla_portal_own',
            'partner_id': self.sla_contact.id, 'lang': 'it_IT',
            'groups_id': [(6, 0, [portal.id])]})
        other = self.env['res.partner'].create({'name': 'Altri Srl', 'is_company': True})
        self.portal_other = Users.create({
            'name': 'Altro Portale', 'login': 'sla_portal_other',
            'password': 'sla_portal_other', 'lang': 'it_IT',
            'partner_id': self.env['res.partner'].create({
                'name': 'Alba Altri', 'parent_id': other.id}).id,
            'groups_id': [(6, 0, [portal.id])]})
        # responded in time, then breached on the resolution (normal: 16 h)
        self.call = new_call(self, (2026, 11, 2, 9, 0))
        with clock(2026, 11, 2, 10, 0):
            self.call.action_sla_acknowledge()
        with clock(2026, 11, 5, 10, 0) as now:
            self.env['dsa.ticket']._cron_sla_escalation(now=now)

    def authenticate(self, user, password):
        real_cr, self.cr = self.cr, self.env.cr
        try:
            super(TestSlaPortal, self).authenticate(user, password)
        finally:
            self.cr = real_cr

    def url_open(self, url, data=None, timeout=90):
        return super(TestSlaPortal, self).url_open(url, data=data, timeout=timeout)

    def test_own_call_shows_the_promise(self):
        self.assertEqual(self.call.sla_status, 'breached')
        self.authenticate('sla_portal_own', 'sla_portal_own')
        page = self.url_open('/my/ticket/%d' % self.call.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn('o_dsa_ticket_sla', page.text)
        self.assertIn('Il nostro impegno', page.text)
        self.assertIn('Prendiamo in carico la chiamata entro', page.text)
        # the response was kept, the resolution was not
        self.assertIn('o_dsa_sla_kept', page.text)
        self.assertIn('o_dsa_sla_missed', page.text)
        self.assertIn('non rispettato', page.text)
        listing = self.url_open('/my/tickets')
        self.assertEqual(listing.status_code, 200)
        self.assertIn('Risolvere entro', listing.text)
        self.assertIn(self.call.name, listing.text)

    def test_other_customer_sees_nothing(self):
        self.authenticate('sla_portal_other', 'sla_portal_other')
        page = self.url_open('/my/ticket/%d' % self.call.id)
        self.assertEqual(page.status_code, 404)
        self.assertNotIn('o_dsa_ticket_sla', page.text)
        listing = self.url_open('/my/tickets')
        self.assertNotIn(self.call.name, listing.text)
