import json

from odoo.exceptions import AccessError

from .common import DsaServiceZoneCase


class TestCustomerCardService(DsaServiceZoneCase):
    """The service part of the customer card, with the caller's rights."""

    def _card(self, user, partner):
        self.env['res.partner'].invalidate_cache()
        return self.env['res.partner'].sudo(user).browse(partner.id).dsa_card_data()

    def test_service_part(self):
        card = self._card(self.agent_a, self.cust_a)
        json.dumps(card)
        service = card['service']
        self.assertEqual([r['id'] for r in service['plants']['rows']], self.svc_a['plant'].ids)
        self.assertEqual([r['id'] for r in service['calls']['rows']], self.svc_a['ticket'].ids)
        self.assertEqual([r['id'] for r in service['interventions_planned']['rows']],
                         self.svc_a['task'].ids)
        self.assertEqual(service['interventions_recent']['count'], 0)
        self.assertEqual(service['contracts']['count'], 0)
        self.svc_a['contract'].sudo(self.service_manager).action_activate()
        service = self._card(self.agent_a, self.cust_a)['service']
        self.assertEqual([r['id'] for r in service['contracts']['rows']],
                         self.svc_a['contract'].ids)

    def test_other_zone_refused(self):
        with self.assertRaises(AccessError):
            self._card(self.agent_a, self.cust_b)
        service = self._card(self.direction, self.cust_b)['service']
        self.assertEqual(service['plants']['count'], 1)

    def test_buttons(self):
        partner = self.cust_a.sudo(self.agent_a)
        for method in ('action_dsa_card_calls', 'action_dsa_card_interventions',
                       'action_dsa_card_contracts', 'action_view_dsa_plants'):
            action = getattr(partner, method)()
            records = self.env[action['res_model']].sudo(self.agent_a).search(action['domain'])
            self.assertTrue(records or method == 'action_dsa_card_contracts', method)
            self.assertFalse(records.filtered(
                lambda r: r.dsa_zone_id and r.dsa_zone_id != self.zone_nord), method)
