from odoo import api, fields, models


class DsaPlantConfigurationWizard(models.TransientModel):
    """The plant as it was on a date, and what changed between two dates."""
    _name = 'dsa.plant.configuration.wizard'
    _description = 'Plant configuration on date'

    plant_id = fields.Many2one('dsa.plant', 'Plant', required=True, ondelete='cascade')
    date = fields.Date('Configuration on', required=True, default=fields.Date.context_today)
    date_compare = fields.Date(
        'Compare with', help='Optional earlier or later date: the components added and '
                             'removed between the two dates are listed.')
    component_ids = fields.Many2many(
        'dsa.plant.component', string='Components on the date',
        compute='_compute_configuration')
    added_ids = fields.Many2many(
        'dsa.plant.component', string='Added', compute='_compute_configuration')
    removed_ids = fields.Many2many(
        'dsa.plant.component', string='Removed', compute='_compute_configuration')

    @api.depends('plant_id', 'date', 'date_compare')
    def _compute_configuration(self):
        Component = self.env['dsa.plant.component']
        for wiz in self:
            if not (wiz.plant_id and wiz.date):
                wiz.component_ids = wiz.added_ids = wiz.removed_ids = Component
                continue
            at_date = wiz.plant_id.components_at(wiz.date)
            wiz.component_ids = Component.browse(at_date)
            if wiz.date_compare:
                at_compare = wiz.plant_id.components_at(wiz.date_compare)
                # from the earlier date to the later one
                if wiz.date_compare <= wiz.date:
                    before, after = set(at_compare), set(at_date)
                else:
                    before, after = set(at_date), set(at_compare)
                wiz.added_ids = Component.browse(sorted(after - before))
                wiz.removed_ids = Component.browse(sorted(before - after))
            else:
                wiz.added_ids = wiz.removed_ids = Component
