from odoo import api, fields, models


class DsaServiceContract(models.Model):
    """A contract can carry its own service level, stricter than the
    company's default one (issue 26)."""
    _inherit = 'dsa.service.contract'

    dsa_sla_policy_id = fields.Many2one(
        'dsa.sla.policy', 'Service level', track_visibility='onchange',
        help='Times promised on the calls of the covered plants; stricter than the '
             "company's default service level. Empty: the default applies.")

    @api.constrains('dsa_sla_policy_id', 'company_id')
    def _check_dsa_sla_policy(self):
        for contract in self.sudo():
            default = contract.company_id.dsa_sla_policy_id
            if contract.dsa_sla_policy_id and default:
                contract.dsa_sla_policy_id._dsa_check_stricter_than(default)
