from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DsaPlantComponentChangeWizard(models.TransientModel):
    """Remove a component from its plant, or replace it, on a given date."""
    _name = 'dsa.plant.component.change.wizard'
    _description = 'Remove or replace a plant component'

    component_id = fields.Many2one(
        'dsa.plant.component', 'Component', required=True, ondelete='cascade')
    mode = fields.Selection([('remove', 'Remove'), ('replace', 'Replace')],
                            required=True, default='replace')
    date = fields.Date('Date', required=True, default=fields.Date.context_today)
    product_id = fields.Many2one('product.product', 'New product')
    serial = fields.Char('New serial number')
    config_notes = fields.Text('Configuration notes')

    @api.onchange('component_id')
    def _onchange_component_id(self):
        if self.component_id and not self.product_id:
            self.product_id = self.component_id.product_id

    @api.multi
    def action_apply(self):
        self.ensure_one()
        comp = self.component_id
        if self.mode == 'remove':
            comp.remove_component(self.date)
            return {'type': 'ir.actions.act_window_close'}
        if not self.product_id:
            raise UserError(_('Choose the product of the new component.'))
        new = comp.replace_component({
            'product_id': self.product_id.id,
            'serial': self.serial,
            'config_notes': self.config_notes,
        }, self.date)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'dsa.plant.component',
            'res_id': new.id,
            'view_mode': 'form',
            'view_type': 'form',
            'target': 'current',
        }
