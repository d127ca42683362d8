from odoo import api, fields, models


class ResGroups(models.Model):
    _inherit = 'res.groups'

    dsa_require_device = fields.Boolean(
        string='Require a registered device',
        help='Members of this group (directly or through an implied group) can log in '
             'only from a registered device approved by an administrator.')

    @api.multi
    def write(self, vals):
        res = super(ResGroups, self).write(vals)
        if 'dsa_require_device' in vals:
            self.env['res.users'].clear_caches()
        return res
