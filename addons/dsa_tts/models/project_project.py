from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProjectProject(models.Model):
    _inherit = 'project.project'

    dsa_field_service = fields.Boolean(
        'Field service', help='Tasks of this project are field-service interventions.')

    @api.model
    def _dsa_field_service_project(self):
        """The project that holds the interventions (created as data)."""
        project = self.env.ref('dsa_tts.project_project_field_service',
                               raise_if_not_found=False)
        if not project or not project.active:
            project = self.search([('dsa_field_service', '=', True)], limit=1)
        if not project:
            raise UserError(_('No field-service project is configured.'))
        return project
