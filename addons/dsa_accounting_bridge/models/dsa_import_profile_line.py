from odoo import fields, models

from ..lib import schema


class DsaImportProfileLine(models.Model):
    _name = 'dsa.import.profile.line'
    _description = 'Import profile column'
    _order = 'profile_id, sequence, id'

    profile_id = fields.Many2one('dsa.import.profile', required=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    field_name = fields.Selection(schema.field_selection(), string='Field', required=True)
    column_name = fields.Char(string='Column in the file', required=True)

    _sql_constraints = [
        ('field_uniq', 'unique(profile_id, field_name)',
         'Each field can be mapped only once per profile.'),
    ]
