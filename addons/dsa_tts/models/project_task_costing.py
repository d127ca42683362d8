from odoo import api, fields, models


class ProjectTask(models.Model):
    """Costing of an intervention: labour, materials, contract discounts."""
    _inherit = 'project.task'

    # costing (see _compute_dsa_costs)
    dsa_labour_hours = fields.Float('Hours worked', compute='_compute_dsa_costs')
    # internal cost rates: employees only (the customer sees _dsa_customer_amounts)
    dsa_labour_cost = fields.Float('Labour cost', compute='_compute_dsa_costs', digits=(16, 2),
                                   groups='base.group_user')
    dsa_material_cost = fields.Float(
        'Material cost', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_labour_discount = fields.Float(
        'Labour discount (%)', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_material_discount = fields.Float(
        'Material discount (%)', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_discount_amount = fields.Float(
        'Contract discount', compute='_compute_dsa_costs', digits=(16, 2),
        groups='base.group_user',
        help='Discount of the service contract (extraordinary interventions only).')
    dsa_total_cost = fields.Float('Total cost', compute='_compute_dsa_costs', digits=(16, 2),
                                  groups='base.group_user')

    @api.model
    def _dsa_labour_rate(self, line, default_rate=None):
        """Hourly rate of a timesheet line.

        The employee's timesheet cost when the ``sale_timesheet`` field exists and
        is set, else the sales price of the "Field service labour" product."""
        employee = line.employee_id.sudo()
        rate = employee._fields.get('timesheet_cost') and employee.timesheet_cost or 0.0
        if not rate:
            rate = self._dsa_default_labour_rate() if default_rate is None else default_rate
        return rate

    @api.model
    def _dsa_default_labour_rate(self):
        labour = self.env.ref('dsa_tts.product_product_dsa_labour', raise_if_not_found=False)
        return labour.sudo().lst_price if labour else 0.0

    @api.multi
    def _compute_dsa_costs(self):
        """Labour: hours of the timesheet lines x hourly rate (_dsa_labour_rate).

        Materials: quantity x sales price of the product (its cost when it has
        no sales price); removed material costs nothing.

        Extraordinary interventions under a service contract get the contract's
        labour and material discounts: labour and material costs stay gross,
        dsa_discount_amount is the discount and dsa_total_cost the net total."""
        default_rate = self._dsa_default_labour_rate()
        for task in self:
            lines = task.sudo().timesheet_ids
            hours = sum(lines.mapped('unit_amount'))
            labour = sum(line.unit_amount * self._dsa_labour_rate(line, default_rate)
                         for line in lines)
            material = sum(task.sudo().dsa_material_ids.mapped('cost'))
            task.dsa_labour_hours = hours
            task.dsa_labour_cost = labour
            task.dsa_material_cost = material
            contract = task.sudo().dsa_contract_id
            labour_pct = material_pct = 0.0
            if contract and task.dsa_kind == 'extraordinary':
                labour_pct = contract.labour_discount
                material_pct = contract.material_discount
            discount = labour * labour_pct / 100.0 + material * material_pct / 100.0
            task.dsa_labour_discount = labour_pct
            task.dsa_material_discount = material_pct
            task.dsa_discount_amount = discount
            task.dsa_total_cost = labour + material - discount

    @api.multi
    def _dsa_customer_amounts(self):
        """The amounts shown to the customer (portal page and report PDF).

        Labour is priced at the sales price of the "Field service labour"
        product for every technician: the employees' internal cost rates
        (``_dsa_labour_rate``) never reach the customer."""
        self.ensure_one()
        task = self.sudo()
        rate = self._dsa_default_labour_rate()
        hours = sum(task.timesheet_ids.mapped('unit_amount'))
        labour = hours * rate
        material = task.dsa_material_cost
        discount = (labour * task.dsa_labour_discount / 100.0
                    + material * task.dsa_material_discount / 100.0)
        return {
            'rate': rate,
            'hours': hours,
            'labour': labour,
            'material': material,
            'discount': discount,
            'total': labour + material - discount,
        }
