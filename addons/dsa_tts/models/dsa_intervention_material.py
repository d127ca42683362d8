import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dsa_base.lib.bulk import bulk_create

from .dsa_bulk import bulk_log

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
    _inherit = ['dsa.action.guard']
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
    def _dsa_action_fields(self):
        """Closing the intervention applies a line, once: a line marked applied
        by hand would never reach the plant structure."""
        res = super(DsaInterventionMaterial, self)._dsa_action_fields()
        done = _('the button Close intervention (action_dsa_done)')
        res.update({'applied': done, 'new_component_id': done})
        return res

    @api.model
    def _check_target_task(self, vals):
        """A line may not be created on, or moved to, a signed intervention."""
        task = self.env['project.task'].browse(vals.get('task_id'))
        if task.dsa_signed_on:
            raise UserError(_(
                'Intervention %s is signed: its materials cannot change.') % task.name)

    @api.model
    def create(self, vals):
        self._check_target_task(vals)
        return super(DsaInterventionMaterial, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_editable()
        self._check_target_task(vals)
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
        (``applied``, under a row lock). The rules are the plant's: a component
        leaves once and not before its installation (``_check_removable``), a
        replacement links the old and the new component both ways. An installed
        line of quantity N creates N components, with the line's serial
        numbers in order when given.

        A constant number of statements per kind of action, whatever the number
        of lines (bench/bench_intervention.py): one write per (task, date) closes
        the old components, one INSERT creates the new ones (dsa_base.lib.bulk), one
        UPDATE links replacements and one marks the lines; the chatter of each
        component gets the same tracking as a form edit would give it."""
        lines = self._dsa_lock_unapplied()
        if not lines:
            return
        Component = self.env['dsa.plant.component']
        today = fields.Date.context_today(self)
        closing = {}      # (task, date) -> old components
        new_vals = []     # values of the new components
        new_lines = []    # the line of each new component, same order
        for line in lines:
            task = line.task_id
            date = task.dsa_done_date or today
            if line.action in ('removed', 'replaced'):
                line.component_id._check_removable(date)
                closing.setdefault((task, date), Component.browse())
                closing[(task, date)] |= line.component_id
            if line.action == 'replaced':
                new_vals.append(dict(
                    line._prepare_component_vals(), plant_id=line.component_id.plant_id.id,
                    date_installed=date, replaces_id=line.component_id.id))
                new_lines.append(line)
            elif line.action == 'installed':
                serials = line._dsa_serials()
                for index in range(line._dsa_component_count()):
                    new_vals.append(dict(
                        line._prepare_component_vals(), plant_id=task.dsa_plant_id.id,
                        date_installed=date, replaces_id=False,
                        serial=serials[index] if len(serials) > index else False))
                    new_lines.append(line)
        olds = Component.browse()
        for (task, date), comps in closing.items():
            comps.with_context(tracking_disable=True).write(
                {'date_removed': date, 'task_out_id': task.id})
            olds |= comps
        news = bulk_create(Component.with_context(mail_create_nolog=True),
                           [dict(vals, config_notes=vals.get('config_notes') or False)
                            for vals in new_vals])
        self._dsa_link_results(news, new_lines)
        self._dsa_track_plant_changes(olds, news)

    @api.multi
    def _dsa_link_results(self, news, new_lines):
        """The old component points to its replacement, and each line to its
        first resulting component; every line is marked applied. Two UPDATE
        statements from a VALUES list (SQL: one write per line otherwise)."""
        cr = self.env.cr
        pairs = [(new.replaces_id.id, new.id) for new in news if new.replaces_id]
        if pairs:
            cr.execute(cr.mogrify(
                'UPDATE dsa_plant_component c SET replaced_by_id = v.new '
                'FROM (VALUES %s) AS v(old, new) WHERE c.id = v.old' %
                ', '.join(['(%s, %s)'] * len(pairs)), [i for p in pairs for i in p]))
        first = {}
        for new, line in zip(news, new_lines):
            first.setdefault(line.id, new.id)
        rows = [(line.id, first.get(line.id)) for line in self]
        cr.execute(cr.mogrify(
            'UPDATE dsa_intervention_material m SET applied = true, '
            'new_component_id = v.new::integer FROM (VALUES %s) AS v(id, new) '
            'WHERE m.id = v.id' % ', '.join(['(%s, %s)'] * len(rows)),
            [i for row in rows for i in row]))
        self.invalidate_cache(['applied', 'new_component_id', 'new_component_ids'])
        self.env['dsa.plant.component'].invalidate_cache(['replaced_by_id'])

    @api.model
    def _dsa_track_plant_changes(self, olds, news):
        """The chatter of each component, as the form would track it: the
        removal date (and replacement) of the old ones, the product, serial
        and installation date of the new ones."""
        messages = []
        for comp in olds:
            changes = [('date_removed', False, comp.date_removed)]
            messages.append((comp.id, '', changes))
        for comp in news:
            changes = [('plant_id', False, comp.plant_id), ('product_id', False, comp.product_id),
                       ('date_installed', False, comp.date_installed)]
            if comp.serial:
                changes.append(('serial', False, comp.serial))
            body = '<p>%s</p>' % _('Installed by intervention %s') % (
                tools.html_escape(comp.task_in_id.name or ''))
            messages.append((comp.id, body, changes))
        bulk_log(self.env['dsa.plant.component'], messages)

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
