from odoo import fields, models


class DsaPlantComponent(models.Model):
    """The interventions that put a component into its plant and took it out."""
    _inherit = 'dsa.plant.component'

    task_in_id = fields.Many2one(
        'project.task', 'Installed by', readonly=True, copy=False, index=True,
        ondelete='set null')
    task_out_id = fields.Many2one(
        'project.task', 'Removed by', readonly=True, copy=False, index=True,
        ondelete='set null')
    dsa_material_id = fields.Many2one(
        'dsa.intervention.material', 'Material line', readonly=True, copy=False,
        index=True, ondelete='set null',
        help='The intervention material line that installed this component.')
