from odoo import api, fields, models


class DsaTeam(models.Model):
    _name = 'dsa.team'
    _description = 'Field service team'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        'res.company', default=lambda self: self.env.user.company_id)
    leader_id = fields.Many2one('res.users', 'Team leader')
    member_ids = fields.Many2many(
        'res.users', 'dsa_team_res_users_rel', 'team_id', 'user_id', 'Members',
        domain=[('share', '=', False)])
    task_ids = fields.One2many('project.task', 'dsa_team_id', 'Interventions')
    task_count = fields.Integer('Interventions', compute='_compute_task_count')

    @api.multi
    def _compute_task_count(self):
        data = self.env['project.task'].read_group(
            [('dsa_team_id', 'in', self.ids)], ['dsa_team_id'], ['dsa_team_id'])
        counts = {d['dsa_team_id'][0]: d['dsa_team_id_count'] for d in data}
        for team in self:
            team.task_count = counts.get(team.id, 0)
