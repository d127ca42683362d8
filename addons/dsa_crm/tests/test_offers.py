from odoo.exceptions import AccessError

from odoo.addons.dsa_base.tests.pdf import pdf_text, render_pdf

from .common import DsaCrmZoneCase


class TestOffers(DsaCrmZoneCase):
    """CRM-6 and CRM-7: offers with probability, outcome, lost reason and feedback;
    confirmed orders answer their offer."""

    @classmethod
    def setUpClass(cls):
        super(TestOffers, cls).setUpClass()
        cls.reason = cls.env['crm.lost.reason'].create({'name': 'Zeta too expensive'})

    def test_agent_edits_offer_fields(self):
        offer = self.order_a.sudo(self.agent_a)
        self.assertEqual(offer.dsa_outcome, 'pending')
        offer.write({'dsa_probability': 70, 'dsa_feedback': 'Zeta likes it'})
        self.assertEqual((offer.dsa_probability, offer.dsa_feedback), (70, 'Zeta likes it'))
        # from the opportunity too (its Offers page writes through order_ids)
        self.order_a.opportunity_id = self.lead_a
        lead = self.lead_a.sudo(self.agent_a)
        lead.write({'order_ids': [(1, self.order_a.id, {'dsa_probability': 90})]})
        self.assertEqual(self.order_a.dsa_probability, 90)
        # not another zone's offer
        with self.assertRaises(AccessError):
            self.order_b.sudo(self.agent_a).write({'dsa_probability': 10})

    def test_agent_creates_and_confirms_a_quotation(self):
        product = self.env['product.product'].create({'name': 'Zeta valve', 'list_price': 7})
        order = self.env['sale.order'].sudo(self.agent_a).create({
            'partner_id': self.contact_a.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 2})]})
        self.assertEqual(order.dsa_zone_id, self.zone_nord)
        self.assertEqual(order.order_line.dsa_zone_id, self.zone_nord)
        order.action_confirm()
        self.assertEqual((order.state, order.dsa_outcome, order.dsa_offer_id),
                         ('sale', 'won', order))
        with self.assertRaises(AccessError):
            self.env['sale.order'].sudo(self.agent_a).create({'partner_id': self.cust_b.id})

    def test_confirm_wins_and_answers_itself(self):
        self.order_a.sudo(self.agent_a).action_confirm()
        self.assertEqual(self.order_a.dsa_outcome, 'won')
        self.assertEqual(self.order_a.dsa_offer_id, self.order_a)
        # an order already linked to its (imported) offer keeps the link
        order = self.order_a.copy({'dsa_offer_id': self.order_a_other.id})
        order.action_confirm()
        self.assertEqual(order.dsa_offer_id, self.order_a_other)

    def test_cancel_asks_the_reason(self):
        action = self.order_a.sudo(self.agent_a).action_dsa_cancel_offer()
        self.assertEqual(action['res_model'], 'dsa.offer.cancel')
        wizard = self.env['dsa.offer.cancel'].sudo(self.agent_a).with_context(
            action['context']).create({'lost_reason_id': self.reason.id,
                                       'feedback': 'Zeta found cheaper'})
        wizard.action_cancel_offer()
        self.assertEqual(self.order_a.state, 'cancel')
        self.assertEqual((self.order_a.dsa_outcome, self.order_a.dsa_lost_reason_id,
                          self.order_a.dsa_feedback),
                         ('lost', self.reason, 'Zeta found cheaper'))
        # the wizard cannot reach an order of another zone
        wizard = self.env['dsa.offer.cancel'].sudo(self.agent_a).with_context(
            active_ids=self.order_b.ids).create({'lost_reason_id': self.reason.id})
        with self.assertRaises(AccessError):
            wizard.action_cancel_offer()
        self.assertEqual(self.order_b.state, 'draft')

    def test_printed_offer_pdf_is_kept(self):
        report = self.env.ref('sale.action_report_saleorder')
        Attachment = self.env['ir.attachment']
        domain = [('res_model', '=', 'sale.order'), ('res_id', '=', self.order_a.id)]
        self.assertFalse(Attachment.search(domain))
        pdf = render_pdf(report.sudo(self.agent_a), self.order_a.ids)
        self.assertIn(self.order_a.name, pdf_text(pdf))
        attachment = Attachment.search(domain)
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.name, 'Offer %s.pdf' % self.order_a.name.replace('/', '-'))
        self.assertTrue(attachment.datas)
        # agent B cannot read it
        with self.assertRaises(AccessError):
            attachment.sudo(self.agent_b).read(['datas'])
