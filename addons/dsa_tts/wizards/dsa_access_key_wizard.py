from odoo import api, fields, models


class DsaAccessKeyWizard(models.TransientModel):
    """Shows or sets a component's access key without storing it in clear.

    Only the component is stored on the wizard: the key is computed from the
    component when the dialog is read (a logged reveal) and written back
    encrypted by the inverse.
    """
    _name = 'dsa.access.key.wizard'
    _description = 'Access key'

    component_id = fields.Many2one(
        'dsa.plant.component', 'Component', required=True, ondelete='cascade')
    mode = fields.Selection([('reveal', 'Reveal'), ('set', 'Set')], required=True,
                            default='reveal')
    access_key = fields.Char(
        'Access key', compute='_compute_access_key', inverse='_inverse_access_key',
        groups='dsa_tts.group_technician')

    @api.depends('component_id', 'mode')
    def _compute_access_key(self):
        for wiz in self:
            wiz.access_key = wiz.component_id.access_key if wiz.mode == 'reveal' else False

    def _inverse_access_key(self):
        for wiz in self:
            if wiz.mode == 'set':
                wiz.component_id.access_key = wiz.access_key

    @api.multi
    def action_save(self):
        """The inverse already stored the key when the dialog was saved."""
        return {'type': 'ir.actions.act_window_close'}
