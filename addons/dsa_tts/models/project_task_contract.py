from odoo import api, fields, models


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
        self.check_access_rights('create')
        names = set()
        for vals in vals_list:
            names.update(vals)
        project_id = vals_list[0].get('project_id')
        defaults = self.with_context(default_project_id=project_id).default_get(
            [name for name, field in self._fields.items()
             if field.store and field.column_type and name not in names])
        rows = [dict(defaults, **vals) for vals in vals_list]
        columns = sorted(name for name in rows[0]
                         if self._fields[name].store and self._fields[name].column_type
                         and name not in models.MAGIC_COLUMNS)
        record = self.browse()
        values = []
        for row in rows:
            values.append(tuple(
                self._fields[name].convert_to_column(row.get(name), record, row)
                for name in columns))
        now = fields.Datetime.now()
        cr = self.env.cr
        template = '(%s)' % ', '.join(['%s'] * (len(columns) + 4))
        ids = []
        # one statement per 1,000 rows keeps the query text reasonable
        for start in range(0, len(values), 1000):
            chunk = values[start:start + 1000]
            args = [value + (self.env.uid, now, self.env.uid, now) for value in chunk]
            query = cr.mogrify(', '.join([template] * len(args)),
                               [item for arg in args for item in arg]).decode('utf-8')
            cr.execute("""
                INSERT INTO project_task (%s, create_uid, create_date, write_uid, write_date)
                VALUES %s
                ON CONFLICT (dsa_contract_id, dsa_plant_id, dsa_preventive_date)
                   DO NOTHING
                RETURNING id""" % (', '.join('"%s"' % c for c in columns), query))
            ids += [r[0] for r in cr.fetchall()]
        tasks = self.browse(ids)
        if not tasks:
            return tasks
        # what _create() does after its INSERT, once for all the rows
        tasks.modified(columns)
        for field in self._fields.values():
            if field.compute and field.store:
                tasks._recompute_todo(field)
        tasks._validate_fields(columns)
        if self.env.recompute and self.env.context.get('recompute', True):
            tasks.recompute()
        return tasks
