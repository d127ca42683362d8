import fnmatch

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dsa_import_job import KINDS
from ..handlers.attachments import profile_folder
from ..lib import schema


class DsaImportProfile(models.Model):
    _name = 'dsa.import.profile'
    _description = 'Import mapping profile'
    _order = 'kind, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(KINDS, required=True)
    source_system = fields.Char(
        string='Source system', required=True, default='accounting',
        help="Name of the accounting system; external codes and invoice numbers are "
             "unique per source system.")
    delimiter = fields.Char(string='CSV delimiter', size=1, default=',', required=True)
    quotechar = fields.Char(string='CSV quote character', size=1, default='"', required=True)
    encoding = fields.Selection([
        ('utf-8', 'UTF-8 (with or without BOM)'),
        ('cp1252', 'Windows-1252'),
        ('iso-8859-15', 'ISO-8859-15'),
    ], string='Encoding', default='utf-8', required=True)
    decimal_separator = fields.Selection([
        ('auto', 'Automatic'),
        ('comma', 'Comma (1.234,56)'),
        ('dot', 'Dot (1,234.56)'),
    ], default='auto', required=True)
    file_pattern = fields.Char(
        string='File name pattern',
        help="Shell pattern (e.g. clienti*.csv) choosing this profile for the files of "
             "the drop folder; case-insensitive.")
    attachment_folder = fields.Char(
        string='Attachment folder',
        help="Folder where the order PDFs named by a supplier purchase export are read, "
             "inside the drop folder of the server configuration (default: the drop "
             "folder).")
    line_ids = fields.One2many('dsa.import.profile.line', 'profile_id', string='Columns',
                               copy=True)

    @api.constrains('attachment_folder')
    def _check_attachment_folder(self):
        for profile in self.filtered('attachment_folder'):
            try:
                profile_folder(self.env, profile.attachment_folder)
            except ValueError as error:
                raise ValidationError(_('Profile "%s", field "Attachment folder": %s.')
                                      % (profile.name, error))

    @api.constrains('kind', 'line_ids')
    def _check_required_columns(self):
        for profile in self:
            mapped = set(profile.line_ids.mapped('field_name'))
            valid = {key for key, _label, _req in schema.FIELDS[profile.kind]}
            wrong = mapped - valid
            if wrong:
                raise ValidationError(_('Profile "%s": columns %s do not apply to this kind.')
                                      % (profile.name, ', '.join(sorted(wrong))))
            missing = [label for key, label, required in schema.FIELDS[profile.kind]
                       if required and key not in mapped]
            if missing:
                raise ValidationError(_('Profile "%s" must map the columns: %s.')
                                      % (profile.name, ', '.join(missing)))

    @api.multi
    def column_map(self):
        """{target key: source column name} of the profile."""
        self.ensure_one()
        return {line.field_name: line.column_name for line in self.line_ids}

    @api.model
    def find_for_file(self, file_name):
        name = (file_name or '').lower()
        for profile in self.search([('file_pattern', '!=', False)]):
            for pattern in profile.file_pattern.split(','):
                if pattern.strip() and fnmatch.fnmatch(name, pattern.strip().lower()):
                    return profile
        return self.browse()
