from odoo import api, models

from odoo.addons.dsa_base.lib.bulk import bulk_create


class ProjectTask(models.Model):
    """The service contract of an intervention: found again when its planned
    date changes, and the bulk creation of the preventive interventions."""
    _inherit = 'project.task'

    @api.multi
    def _dsa_relink_contract(self):
        """Called by write() when the planned start changes: the contract is the
        one running on the new date. Preventive interventions keep the contract
        whose schedule created them; done and cancelled ones do not change."""
        for task in self:
            if task.dsa_kind == 'preventive' or task.dsa_state in ('done', 'cancelled') \
                    or not task.dsa_plant_id:
                continue
            contract = self._dsa_find_contract(task.dsa_plant_id.id, task.dsa_planned_start)
            if contract != task.dsa_contract_id:
                task.write({'dsa_contract_id': contract.id or False})

    @api.model
    def _dsa_create_preventive(self, vals_list):
        """Insert the preventive interventions ``vals_list`` in one statement and
        return them; rows whose (contract, plant, due date) already exist are
        skipped by the unique key (ON CONFLICT DO NOTHING).

        Why SQL: project.task.create() runs ~40 queries per task (defaults,
        mail.thread, followers, tracking, stored computed fields one by one);
        the daily cron creates thousands. Here the defaults are computed once
        per batch, the rows are inserted in one INSERT and the stored computed
        fields are recomputed in batch by the ORM (grouped writes). What
        create() does that this skips: the chatter (the cron already disabled
        the creation log), the auto-subscription of the project followers.
        Python constraints of the given fields are checked as usual.
        bench/bench_preventive.py measures it against create()."""
        if not vals_list:
            return self.browse()
        project_id = vals_list[0].get('project_id')
        return bulk_create(
            self.with_context(default_project_id=project_id), vals_list,
            'ON CONFLICT (dsa_contract_id, dsa_plant_id, dsa_preventive_date) DO NOTHING')
