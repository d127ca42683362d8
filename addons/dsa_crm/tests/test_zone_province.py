import base64

from odoo.exceptions import AccessError, ValidationError

from .common import DsaCrmZoneCase

CSV = b"""code,name,vat,fiscal_code,email,phone,street,zip,city,province,country
ZP01,Zeta Torino Srl,,,,,,,Torino,TO,IT
ZP02,Zeta Napoli Srl,,,,,,,Napoli,NA,IT
ZP03,Zeta Roma Srl,,,,,,,Roma,RM,IT
ZP04,Zeta Milano Srl,,,,,,,Milano,MI,IT
"""


class TestZoneByProvince(DsaCrmZoneCase):
    """Every customer gets the zone of its province, whichever door it comes through."""

    @classmethod
    def setUpClass(cls):
        super(TestZoneByProvince, cls).setUpClass()
        ref = cls.env.ref
        cls.to, cls.mi, cls.na, cls.rm = (ref('base.state_it_to'), ref('base.state_it_mi'),
                                          ref('base.state_it_na'), ref('base.state_it_rm'))
        # the demo zones may cover these provinces: the test zones take them over
        cls.env['dsa.zone'].search([]).write({'state_ids': [(5, 0, 0)]})
        cls.zone_nord.state_ids = cls.to | cls.mi
        cls.zone_sud.state_ids = cls.na

    def test_a_province_belongs_to_one_zone(self):
        with self.assertRaisesRegex(ValidationError, 'Torino'):
            self.zone_sud.state_ids = self.to | self.na

    def test_orm_and_rpc_create(self):
        Partner = self.env['res.partner']
        p = Partner.create({'name': 'Zeta form', 'customer': True, 'is_company': True,
                            'state_id': self.na.id})
        self.assertEqual(p.dsa_zone_id, self.zone_sud)
        p = Partner.create({'name': 'Zeta chosen', 'state_id': self.na.id,
                            'dsa_zone_id': self.zone_centro.id})
        self.assertEqual(p.dsa_zone_id, self.zone_centro, 'an explicit zone wins')
        p = Partner.create({'name': 'Zeta Rome', 'customer': True, 'state_id': self.rm.id})
        self.assertFalse(p.dsa_zone_id, 'no zone covers Rome')
        # an agent creating a customer of their zone's province (RPC create)
        p = Partner.sudo(self.agent_a).create({'name': 'Zeta agent TO', 'customer': True,
                                               'state_id': self.mi.id})
        self.assertEqual(p.dsa_zone_id, self.zone_nord)
        # a province of another zone: the customer stays in the agent's zone
        p = Partner.sudo(self.agent_a).create({'name': 'Zeta agent NA', 'customer': True,
                                               'state_id': self.na.id})
        self.assertEqual(p.dsa_zone_id, self.zone_nord)

    def _import(self, **context):
        """Import the four customers of CSV; return the job and the partners."""
        job = self.env['dsa.import.job'].with_context(dsa_import_sync=True, **context).create({
            'kind': 'customers', 'file': base64.b64encode(CSV), 'file_name': 'clienti.csv'})
        job.action_run()
        partners = self.env['res.partner'].search([('dsa_external_code', 'like', 'ZP0')])
        return job, partners

    @staticmethod
    def _zones(partners):
        return {p.dsa_external_code: p.dsa_zone_id for p in partners}

    @staticmethod
    def _rome(partners):
        return partners.filtered(lambda p: p.dsa_external_code == 'ZP03')

    def test_import_fast_insert(self):
        job, partners = self._import()
        self.assertEqual(job.count_created, 4, [(ln.row_number, ln.reason) for ln in job.line_ids])
        self.assertEqual(self._zones(partners), {
            'ZP01': self.zone_nord, 'ZP02': self.zone_sud,
            'ZP03': self.env['dsa.zone'], 'ZP04': self.zone_nord})
        # each agent finds the imported customers of their zone, and only those
        Partner = self.env['res.partner']
        found_a = Partner.sudo(self.agent_a).search([('dsa_external_code', 'like', 'ZP0')])
        found_b = Partner.sudo(self.agent_b).search([('dsa_external_code', 'like', 'ZP0')])
        self.assertEqual(found_a.mapped('dsa_external_code'), ['ZP04', 'ZP01'])
        self.assertEqual(found_b.mapped('dsa_external_code'), ['ZP02'])

    def test_import_orm_path(self):
        job, partners = self._import(dsa_import_orm=True)
        self.assertEqual(job.count_created, 4, [(ln.row_number, ln.reason) for ln in job.line_ids])
        self.assertEqual(self._zones(partners), {
            'ZP01': self.zone_nord, 'ZP02': self.zone_sud,
            'ZP03': self.env['dsa.zone'], 'ZP04': self.zone_nord})

    def test_imported_without_zone_is_directions(self):
        """A customer of a province no zone covers: in Direction's list and
        filter, hidden from agents and area managers."""
        rome = self._rome(self._import()[1])
        self.assertFalse(rome.dsa_zone_id)
        no_zone = self.env['res.partner'].sudo(self.direction).search(
            [('customer', '=', True), ('dsa_zone_id', '=', False), ('parent_id', '=', False)])
        self.assertIn(rome, no_zone)
        self.assertEqual(self.partner_leaks(self.agent_a, rome), [])
        self.assertEqual(self.partner_leaks(self.manager, rome), [])

    def test_assign_zones_to_many(self):
        rome = self._rome(self._import()[1])
        self.assertEqual((len(rome), rome.dsa_zone_id), (1, self.env['dsa.zone']))
        other = self.env['res.partner'].create({'name': 'Zeta Rome 2', 'customer': True,
                                                'state_id': self.rm.id})
        Wizard = self.env['dsa.zone.assign'].sudo(self.direction)
        ctx = {'active_model': 'res.partner', 'active_ids': (rome | other).ids}
        wizard = Wizard.with_context(ctx).create({'mode': 'zone', 'zone_id': self.zone_centro.id})
        self.assertEqual(wizard.partner_ids, rome | other)
        wizard.action_assign()
        self.assertEqual((rome | other).mapped('dsa_zone_id'), self.zone_centro)
        # by province, once a zone covers Rome
        self.zone_sud.state_ids |= self.rm
        (rome | other).write({'dsa_zone_id': False})
        Wizard.with_context(ctx).create({'mode': 'province'}).action_assign()
        self.assertEqual((rome | other).mapped('dsa_zone_id'), self.zone_sud)
        self.assertTrue(self.visible(self.agent_b, rome))

    def test_agent_cannot_take_customers(self):
        """The wizard gives an agent no power: the zone check and rules still apply."""
        rome = self._rome(self._import()[1])
        self.assertEqual((len(rome), rome.dsa_zone_id), (1, self.env['dsa.zone']))
        wizard = self.env['dsa.zone.assign'].sudo(self.agent_a).create({
            'mode': 'zone', 'zone_id': self.zone_sud.id, 'partner_ids': [(6, 0, self.cust_a.ids)]})
        with self.assertRaises(AccessError):
            wizard.action_assign()
        self.assertEqual(self.cust_a.dsa_zone_id, self.zone_nord)
        # a customer without a zone is out of the agent's reach: nothing happens
        self.env['dsa.zone.assign'].sudo(self.agent_a).create({
            'mode': 'zone', 'zone_id': self.zone_nord.id,
            'partner_ids': [(6, 0, rome.ids)]}).action_assign()
        self.assertFalse(rome.dsa_zone_id)
