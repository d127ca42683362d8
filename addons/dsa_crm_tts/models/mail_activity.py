from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Service models whose activities follow the zone of their document, with the
# part of their own rule that never depends on the zone.
SERVICE_MODELS = {
    'dsa.plant': [],
    'dsa.plant.component': [],
    'dsa.ticket': [],
    'dsa.service.contract': [],
    'project.task': [('dsa_is_intervention', '=', True)],
}


class MailActivity(models.Model):
    _inherit = 'mail.activity'

    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', compute='_compute_dsa_zone_id',
        search='_search_dsa_zone_id',
        help='Zone of the service document (plant, call, intervention, contract).')

    @api.depends('res_model', 'res_id')
    def _compute_dsa_zone_id(self):
        for activity in self:
            zone = False
            if activity.res_model in SERVICE_MODELS and activity.res_id:
                zone = self.env[activity.res_model].sudo().browse(
                    activity.res_id).exists().dsa_zone_id
            activity.dsa_zone_id = zone

    @api.model
    def _search_dsa_zone_id(self, operator, value):
        """Activities not on a service document, plus those on a service
        document of the zones ``value``. Used by the zone record rule: an
        activity is seen with the document it belongs to. Open activities are
        few (Odoo deletes them when done), so their ids are listed."""
        if operator != 'in':
            raise UserError(_('Activities can only be searched by zone with "in".'))
        zone_ids = value if isinstance(value, (list, tuple)) else [value]
        allowed = []
        for model, domain in SERVICE_MODELS.items():
            # SQL on purpose: the rule is being evaluated, the ORM search of
            # activities would recurse into this very rule.
            self.env.cr.execute(
                'SELECT id, res_id FROM mail_activity WHERE res_model = %s', (model,))
            rows = self.env.cr.fetchall()
            if not rows:
                continue
            docs = set(self.env[model].sudo().with_context(active_test=False).search(
                domain + [('id', 'in', [r[1] for r in rows]),
                          ('dsa_zone_id', 'in', zone_ids)]).ids)
            allowed += [act_id for act_id, res_id in rows if res_id in docs]
        return ['|', ('res_model', 'not in', list(SERVICE_MODELS)), ('id', 'in', allowed)]
