import random
from datetime import date, datetime, timedelta

from odoo import api, fields, models

SUMMARIES = {
    'visit': ['Visitata la centrale termica con il responsabile della manutenzione.',
              'Presentato il nuovo contratto di assistenza; confronteranno le offerte.',
              'Controllate le unità installate; chiesta un\'offerta per due pompe.'],
    'call': ['Telefonato per l\'offerta in sospeso: decisione il mese prossimo.',
             'Chiesta la data di consegna dell\'ultimo ordine.',
             'Sollecito di pagamento discusso con l\'amministrazione.'],
    'email': ['Inviato il listino prezzi aggiornato.', 'Inviate le schede tecniche richieste.'],
    'meeting': ['Incontro annuale con il titolare: budget confermato.',
                'Accordo sullo sconto quadro per il prossimo anno.'],
    'note': ['Un concorrente li ha visitati la settimana scorsa.',
             'Nuovo responsabile acquisti dal mese prossimo.'],
}


class DsaCrmDemo(models.AbstractModel):
    """Demo history of the sales force: two years of contact logs, offers won and
    lost, commitments and imported invoices for the demo customers, and an
    inactive agent. Called once from demo/dsa_crm_history_demo.xml."""

    _name = 'dsa.crm.demo'
    _description = 'Sales force demo history'

    @api.model
    def _generate_history(self):
        ref = self.env.ref
        inactive = ref('dsa_crm.user_agent_inactive_demo')
        if self.env['dsa.contact.log'].search_count([('user_id', '=', inactive.id)]):
            return      # generated already
        rnd = random.Random(2026)
        customers = [
            (ref('dsa_crm.partner_north_1_demo'), ref('dsa_crm.user_agent_north_demo')),
            (ref('dsa_crm.partner_north_2_demo'), ref('dsa_crm.user_agent_north_demo')),
            (ref('dsa_crm.partner_south_1_demo'), ref('dsa_crm.user_agent_south_demo')),
            (ref('dsa_crm.partner_south_2_demo'), ref('dsa_crm.user_agent_south_demo')),
        ]
        products = self.env['product.product'].search(
            [('sale_ok', '=', True), ('type', '!=', 'service')], limit=6) or \
            self.env['product.product'].search([('sale_ok', '=', True)], limit=6)
        reasons = self.env['crm.lost.reason'].search([], limit=3) or \
            self.env['crm.lost.reason'].create({'name': 'Troppo caro'})
        today = date.today()
        for partner, agent in customers:
            partner.user_id = agent
            self._demo_logs(rnd, partner, agent, today)
            self._demo_offers(rnd, partner, agent, products, reasons, today)
            self._demo_invoices(rnd, partner, products, today)
        # the active agents called yesterday; the inactive one 40 days ago
        for partner, agent in customers[::2]:
            self.env['dsa.contact.log'].create({
                'partner_id': partner.id, 'user_id': agent.id, 'kind': 'call',
                'date': fields.Datetime.to_string(datetime.now() - timedelta(days=1)),
                'summary': 'Confermato l\'appuntamento per la prossima settimana.'})
        self.env['dsa.contact.log'].create({
            'partner_id': customers[0][0].id, 'user_id': inactive.id, 'kind': 'call',
            'date': fields.Datetime.to_string(datetime.now() - timedelta(days=40)),
            'summary': 'Ultima telefonata prima dell\'estate: da allora nulla.'})

    @api.model
    def _demo_logs(self, rnd, partner, agent, today):
        Log = self.env['dsa.contact.log']
        day = today - timedelta(days=730)
        while day < today:
            kind = rnd.choice(['visit', 'visit', 'call', 'call', 'email', 'meeting', 'note'])
            Log.create({
                'partner_id': partner.id, 'user_id': agent.id, 'kind': kind,
                'date': '%s 10:00:00' % fields.Date.to_string(day),
                'summary': rnd.choice(SUMMARIES[kind]),
                'date_followup': fields.Date.to_string(day + timedelta(days=14))
                if kind == 'visit' else False,
            })
            day += timedelta(days=rnd.randint(25, 50))

    @api.model
    def _demo_offers(self, rnd, partner, agent, products, reasons, today):
        Order = self.env['sale.order']
        for month in range(0, 24, 4):
            day = today - timedelta(days=700 - month * 30 + rnd.randint(0, 20))
            stamp = '%s 09:00:00' % fields.Date.to_string(day)
            order = Order.create({
                'partner_id': partner.id, 'user_id': agent.id, 'date_order': stamp,
                'dsa_probability': rnd.choice([30, 50, 70, 90]),
                'order_line': [(0, 0, {'product_id': product.id,
                                       'product_uom_qty': rnd.randint(1, 10)})
                               for product in rnd.sample(list(products), min(2, len(products)))],
            })
            fate = rnd.random()
            if fate < 0.55:
                order.action_confirm()
                order.write({'confirmation_date': stamp, 'date_order': stamp})
            elif fate < 0.85:
                order.write({'dsa_lost_reason_id': rnd.choice(list(reasons)).id,
                             'dsa_feedback': 'Il cliente ha trovato un\'offerta più economica.'})
                order.action_cancel()
            # the rest stays pending

    @api.model
    def _demo_invoices(self, rnd, partner, products, today):
        Invoice = self.env['dsa.imported.invoice']
        for month in range(24):
            day = today - timedelta(days=720 - month * 30)
            lines = [(0, 0, {'product_id': product.id, 'name': product.name,
                             'quantity': qty, 'price_unit': product.list_price or 100.0,
                             'price_subtotal': qty * (product.list_price or 100.0)})
                     for product in rnd.sample(list(products), min(2, len(products)))
                     for qty in [rnd.randint(1, 5)]]
            untaxed = sum(line[2]['price_subtotal'] for line in lines)
            Invoice.create({
                'number': 'DEMO-%s-%02d' % (partner.id, month),
                'date': fields.Date.to_string(day),
                'partner_id': partner.id, 'amount_untaxed': untaxed,
                'amount_tax': round(untaxed * 0.22, 2),
                'amount_total': round(untaxed * 1.22, 2), 'line_ids': lines,
            })
