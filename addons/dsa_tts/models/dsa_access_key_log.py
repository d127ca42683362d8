from odoo import fields, models


class DsaAccessKeyLog(models.Model):
    """Who read or changed a component's access key, and when (TTS-3).

    Written only by the component's code (as superuser); managers read it,
    nobody edits or deletes it through the ORM.
    """
    _name = 'dsa.access.key.log'
    _description = 'Access key log'
    _order = 'date desc, id desc'
    _rec_name = 'component_id'

    component_id = fields.Many2one(
        'dsa.plant.component', 'Component', required=True, index=True,
        ondelete='cascade', readonly=True)
    plant_id = fields.Many2one(
        related='component_id.plant_id', string='Plant', store=True, readonly=True)
    user_id = fields.Many2one(
        'res.users', 'User', required=True, readonly=True, ondelete='restrict')
    date = fields.Datetime(
        'Date', required=True, readonly=True, default=fields.Datetime.now)
    action = fields.Selection([
        ('reveal', 'Revealed'),
        ('set', 'Set or changed'),
        ('clear', 'Cleared'),
    ], required=True, readonly=True)
