import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

ACTIONS = [
    ('installed', 'Installed'),
    ('replaced', 'Replaced'),
    ('removed', 'Removed'),
]


class DsaInterventionMaterial(models.Model):
    """Material used in an intervention.

    ``installed``: ``product_id`` goes into the plant as a new component.
    ``removed``: ``component_id`` leaves the plant.
    ``replaced``: ``component_id`` leaves the plant and ``product_id`` (the new
    product) takes its place; the old line is linked to the new one.
    The plant structure changes when the intervention is closed
    (``project.task.action_dsa_done``), once per line (``applied``).
    """
    _name = 'dsa.intervention.material'
    _description = 'Intervention material'
    _order = 'task_id, sequence, id'

    task_id = fields.Many2one(
        'project.task', 'Intervention', required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    plant_id = fields.Many2one(
        'dsa.plant', related='task_id.dsa_plant_id', store=True, readonly=True)
    action = fields.Selection(ACTIONS, required=True, default='installed')
    product_id = fields.Many2one('product.product', 'Product', index=True)
    quantity = fields.Float(default=1.0, digits=(16, 2))
    uom_id = fields.Many2one('product.uom', related='product_id.uom_id', readonly=True)
    component_id = fields.Many2one(
        'dsa.plant.component', 'Plant component', index=True, ondelete='restrict',
        help='The component replaced or removed.')
    serial = fields.Char('New serial number')
    config_notes = fields.Text('Configuration notes')
    new_component_id = fields.Many2one(
        'dsa.plant.component', 'Resulting component', readonly=True, copy=False)
    new_component_ids = fields.One2many(
        'dsa.plant.component', 'dsa_material_id', 'Resulting components', readonly=True)
    applied = fields.Boolean(
        'Applied to plant', readonly=True, copy=False,
        help='Set when closing the intervention applied this line to the plant.')
    unit_cost = fields.Float(
        'Unit cost', compute='_compute_cost', digits=(16, 2),
        help='Sales price of the product, or its cost when it has no sales price. '
             'Removed material costs nothing.')
    cost = fields.Float('Cost', compute='_compute_cost', digits=(16, 2))
    currency_id = fields.Many2one(related='task_id.company_id.currency_id', readonly=True)

    @api.depends('product_id', 'quantity')
    def _compute_cost(self):
        for line in self:
            product = line.product_id.sudo()
            unit = product.lst_price or product.standard_price
            if line.action == 'removed':
                unit = 0.0
            line.unit_cost = unit
            line.cost = unit * line.quantity

    @api.constrains('action', 'product_id', 'component_id', 'quantity')
    def _check_action(self):
        for line in self:
            if line.action in ('installed', 'replaced') and not line.product_id:
                raise ValidationError(_(
                    'Material line of %s: a product is required for installed or '
                    'replaced material.') % line.task_id.name)
            if line.action in ('replaced', 'removed') and not line.component_id:
                raise ValidationError(_(
                    'Material line of %s: choose the plant component that is replaced '
                    'or removed.') % line.task_id.name)
            if line.component_id and line.task_id.dsa_plant_id and \
                    line.component_id.plant_id != line.task_id.dsa_plant_id:
                raise ValidationError(_(
                    'Material line of %s: component %s does not belong to plant %s.') % (
                    line.task_id.name, line.component_id.display_name,
                    line.task_id.dsa_plant_id.display_name))
            if line.quantity <= 0:
                raise ValidationError(_(
                    'Material line of %s: the quantity must be positive.') % line.task_id.name)

    @api.onchange('component_id')
    def _onchange_component_id(self):
        if self.component_id and not self.product_id and self.action == 'replaced':
            self.product_id = self.component_id.product_id

    def _check_editable(self):
        for line in self:
            task = line.task_id
            if task.dsa_signed_on:
                raise UserError(_(
                    'Intervention %s is signed: its materials cannot change.') % task.name)
            if line.applied:
                raise UserError(_(
                    'The material %s of intervention %s is already applied to the plant '
                    'and cannot change.') % (line.product_id.display_name
                                             or line.component_id.display_name, task.name))

    @api.model
    def create(self, vals):
        task = self.env['project.task'].browse(vals.get('task_id'))
        if task.dsa_signed_on:
            raise UserError(_(
                'Intervention %s is signed: its materials cannot change.') % task.name)
        return super(DsaInterventionMaterial, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_editable()
        return super(DsaInterventionMaterial, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_editable()
        return super(DsaInterventionMaterial, self).unlink()

    @api.multi
    def _dsa_serials(self):
        """The serial numbers of the line: one, or a list separated by commas,
        semicolons, spaces or new lines."""
        self.ensure_one()
        return [s for s in re.split(r'[\s,;]+', self.serial or '') if s]

    @api.multi
    def _dsa_component_count(self):
        """Components an installed line puts into the plant: its quantity when it
        is a whole number (3 sensors, 3 components), else one (10.5 m of cable)."""
        self.ensure_one()
        if self.action == 'installed' and float(self.quantity).is_integer():
            return max(1, int(self.quantity))
        return 1

    @api.constrains('serial', 'quantity', 'action')
    def _check_serials(self):
        for line in self:
            serials = line._dsa_serials()
            count = line._dsa_component_count()
            if len(serials) > 1 and len(serials) != count:
                raise ValidationError(_(
                    'Material line %s of %s: %d serial numbers for %d components; give '
                    'one serial per component or none.') % (
                    line.product_id.display_name, line.task_id.name, len(serials), count))
            if len(set(serials)) != len(serials):
                raise ValidationError(_(
                    'Material line %s of %s: a serial number is repeated.')
                    % (line.product_id.display_name, line.task_id.name))

    @api.multi
    def _dsa_lock_unapplied(self):
        """Lock the lines and return those not applied yet: two users closing the
        same intervention at once apply each line once (the second one waits,
        then sees ``applied``). Raw SQL: the ORM has no row locks."""
        if not self:
            return self
        self.env.cr.execute(
            'SELECT id FROM dsa_intervention_material WHERE id IN %s AND NOT applied '
            'ORDER BY id FOR UPDATE', (tuple(self.ids),))
        ids = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_cache(['applied'], list(ids))
        return self.filtered(lambda l: l.id in ids)

    @api.multi
    def _apply_to_plant(self):
        """Apply the not yet applied lines to their plant structure.

        Called by ``project.task.action_dsa_done``; each line is applied once
        (``applied``, under a row lock).  Uses the plant's own API
        (``remove_component``, ``replace_component``) so the history rules are
        the plant's. An installed line of quantity N creates N components, with
        the line's serial numbers in order when given."""
        Component = self.env['dsa.plant.component']
        for line in self._dsa_lock_unapplied():
            # a prefetch set of its own: each write below invalidates the cache, and
            # re-reading the whole batch for every line made closing quadratic in time
            line = line.with_prefetch()
            task = line.task_id
            date = task.dsa_done_date or fields.Date.context_today(line)
            vals = {'applied': True}
            old = line.component_id
            if line.action == 'removed':
                old.remove_component(date)
                old.write({'task_out_id': task.id})
            elif line.action == 'replaced':
                new = old.replace_component(line._prepare_component_vals(), date)
                old.write({'task_out_id': task.id})
                vals['new_component_id'] = new.id
            else:
                serials = line._dsa_serials()
                count = line._dsa_component_count()
                new = Component.browse()
                for index in range(count):
                    comp_vals = dict(line._prepare_component_vals(),
                                     plant_id=task.dsa_plant_id.id, date_installed=date)
                    comp_vals['serial'] = serials[index] if len(serials) > index else False
                    new |= Component.create(comp_vals)
                vals['new_component_id'] = new[:1].id
            # the lock on applied lines does not apply to the write that applies them
            super(DsaInterventionMaterial, line).write(vals)

    @api.multi
    def _prepare_component_vals(self):
        self.ensure_one()
        vals = {
            'product_id': self.product_id.id,
            'serial': self.serial or False,
            'task_in_id': self.task_id.id,
            'dsa_material_id': self.id,
        }
        if self.config_notes:
            vals['config_notes'] = self.config_notes
        elif self.component_id.config_notes:
            vals['config_notes'] = self.component_id.config_notes
        return vals
