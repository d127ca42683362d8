import json

from lxml import etree

from odoo import api, fields, models
from odoo.osv import expression

# Project fields that mean nothing on an intervention (estimates and the sales
# order item of project management).  They come from hr_timesheet and, when
# sale is installed too, sale_timesheet: hidden here rather than by XPath, so
# that the view does not depend on which of those addons is installed.
INTERVENTION_HIDDEN_FIELDS = ('planned_hours', 'remaining_hours', 'sale_line_id')


class ProjectTask(models.Model):
    """The task form as an intervention form: the call's description on the
    Description tab, no project-only fields."""
    _inherit = 'project.task'

    dsa_ticket_description = fields.Text(
        related='dsa_ticket_id.description', string='Description of the call', readonly=True)
    dsa_has_work = fields.Boolean(
        'Work recorded', compute='_compute_dsa_has_work',
        help='Hours or materials are recorded: closing without them asks first.')

    @api.depends('timesheet_ids', 'dsa_material_ids')
    def _compute_dsa_has_work(self):
        for task in self:
            task.dsa_has_work = bool(task.sudo().timesheet_ids or task.dsa_material_ids)

    @api.model
    def fields_view_get(self, view_id=None, view_type='form', toolbar=False, submenu=False):
        res = super(ProjectTask, self).fields_view_get(
            view_id=view_id, view_type=view_type, toolbar=toolbar, submenu=submenu)
        if view_type != 'form' or 'dsa_is_intervention' not in res['fields']:
            return res
        arch = etree.fromstring(res['arch'])
        for name in INTERVENTION_HIDDEN_FIELDS:
            for node in arch.xpath("//field[@name='%s']" % name):
                modifiers = json.loads(node.get('modifiers') or '{}')
                invisible = modifiers.get('invisible', False)
                if invisible is True:
                    continue
                hide = [('dsa_is_intervention', '=', True)]
                modifiers['invisible'] = expression.OR([hide, invisible]) if invisible else hide
                node.set('modifiers', json.dumps(modifiers))
        res['arch'] = etree.tostring(arch, encoding='unicode')
        return res
