from odoo import api, fields, models


class ProjectTask(models.Model):
    _inherit = 'project.task'

    # Zone of an intervention: the zone of its plant's customer, or of its own
    # customer when it has no plant (the same choice as the portal rule of
    # dsa_tts). Stored and indexed for the zone record rule, like dsa.plant's.
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', compute='_compute_dsa_zone_id', store=True,
        index=True, readonly=True)

    @api.depends('dsa_is_intervention', 'dsa_plant_id.partner_id.dsa_zone_id',
                 'partner_id.dsa_zone_id')
    def _compute_dsa_zone_id(self):
        for task in self:
            if not task.dsa_is_intervention:
                task.dsa_zone_id = False
            elif task.dsa_plant_id:
                task.dsa_zone_id = task.dsa_plant_id.partner_id.dsa_zone_id
            else:
                task.dsa_zone_id = task.partner_id.dsa_zone_id
