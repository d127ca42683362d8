import base64
import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

KINDS = [
    ('corrective', 'Corrective'),
    ('preventive', 'Preventive'),
    ('extraordinary', 'Extraordinary'),
]

STATES = [
    ('draft', 'To plan'),
    ('planned', 'Planned'),
    ('done', 'Done'),
    ('cancelled', 'Cancelled'),
]

REPORT_STATES = [
    ('none', 'Not signed'),
    ('signed', 'Signed'),
    ('rejected', 'Rejected'),
]

# fields that a change of re-plans the intervention (calendar event + emails)
PLANNING_FIELDS = ('dsa_planned_start', 'dsa_planned_end', 'dsa_team_id')
# fields frozen once the customer has signed the report
LOCKED_FIELDS = PLANNING_FIELDS + (
    'dsa_plant_id', 'dsa_kind', 'dsa_material_ids', 'timesheet_ids', 'dsa_work_report',
    'dsa_state', 'dsa_done_date', 'partner_id', 'project_id', 'dsa_ticket_id')
SIGN_FIELDS = ('dsa_signed_by', 'dsa_signed_on', 'dsa_signed_ip', 'dsa_signature',
               'dsa_signed_sha256', 'dsa_signed_attachment_id')


class ProjectTask(models.Model):
    """An intervention is a task of a field-service project (TTS-5, TTS-6, TTS-7)."""
    _inherit = 'project.task'

    dsa_is_intervention = fields.Boolean(
        'Intervention', related='project_id.dsa_field_service', store=True, readonly=True)
    dsa_plant_id = fields.Many2one(
        'dsa.plant', 'Plant', index=True, track_visibility='onchange')
    dsa_ticket_id = fields.Many2one(
        'dsa.ticket', 'Service call', index=True, track_visibility='onchange',
        ondelete='set null')
    dsa_kind = fields.Selection(
        KINDS, 'Intervention kind', default='corrective', track_visibility='onchange')
    dsa_planned_start = fields.Datetime(
        'Planned start', track_visibility='onchange', copy=False)
    dsa_planned_end = fields.Datetime('Planned end', track_visibility='onchange', copy=False)
    dsa_team_id = fields.Many2one(
        'dsa.team', 'Team', index=True, track_visibility='onchange')
    dsa_state = fields.Selection(
        STATES, 'Intervention status', default='draft', required=True, copy=False,
        track_visibility='onchange')
    dsa_event_id = fields.Many2one(
        'calendar.event', 'Calendar event', readonly=True, copy=False, ondelete='set null')
    dsa_material_ids = fields.One2many(
        'dsa.intervention.material', 'task_id', 'Materials', copy=False)
    dsa_work_report = fields.Text(
        'Work performed', help='The activities performed, as shown on the report.')
    dsa_done_date = fields.Date('Done on', readonly=True, copy=False)
    # sign-off
    dsa_report_state = fields.Selection(
        REPORT_STATES, 'Report', default='none', required=True, readonly=True, copy=False,
        track_visibility='onchange')
    dsa_signed_by = fields.Char('Signed by', readonly=True, copy=False)
    dsa_signed_on = fields.Datetime('Signed on', readonly=True, copy=False)
    dsa_signed_ip = fields.Char('Signed from IP', readonly=True, copy=False)
    dsa_signature = fields.Binary('Signature', readonly=True, copy=False, attachment=True)
    dsa_signed_sha256 = fields.Char('SHA-256 of the signed report', readonly=True, copy=False)
    dsa_signed_attachment_id = fields.Many2one(
        'ir.attachment', 'Signed report', readonly=True, copy=False)
    dsa_reject_reason = fields.Text('Rejection reason', readonly=True, copy=False)
    dsa_rejected_on = fields.Datetime('Rejected on', readonly=True, copy=False)
    # costing (see _compute_dsa_costs)
    dsa_labour_hours = fields.Float('Hours worked', compute='_compute_dsa_costs')
    dsa_labour_cost = fields.Float('Labour cost', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_material_cost = fields.Float(
        'Material cost', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_labour_discount = fields.Float(
        'Labour discount (%)', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_material_discount = fields.Float(
        'Material discount (%)', compute='_compute_dsa_costs', digits=(16, 2))
    dsa_discount_amount = fields.Float(
        'Contract discount', compute='_compute_dsa_costs', digits=(16, 2),
        help='Discount of the service contract (extraordinary interventions only).')
    dsa_total_cost = fields.Float('Total cost', compute='_compute_dsa_costs', digits=(16, 2))
    # service contract (TTS-9)
    dsa_contract_id = fields.Many2one(
        'dsa.service.contract', 'Service contract', index=True, ondelete='set null',
        track_visibility='onchange')
    dsa_preventive_date = fields.Date(
        'Preventive due date', readonly=True, copy=False,
        help='Due date of the contract schedule this preventive intervention comes from.')

    _sql_constraints = [
        ('dsa_preventive_unique',
         'unique(dsa_contract_id, dsa_plant_id, dsa_preventive_date)',
         'There is already a preventive intervention for this contract, plant and date.'),
    ]

    @api.constrains('dsa_planned_start', 'dsa_planned_end')
    def _check_dsa_planning_dates(self):
        for task in self:
            if task.dsa_planned_start and task.dsa_planned_end and \
                    task.dsa_planned_end <= task.dsa_planned_start:
                raise ValidationError(_(
                    'Intervention %s: the planned end must be after the planned start.')
                    % task.name)

    @api.multi
    def _compute_portal_url(self):
        super(ProjectTask, self)._compute_portal_url()
        for task in self.filtered('dsa_is_intervention'):
            task.portal_url = '/my/intervention/%s' % task.id

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

    @api.model
    def _dsa_find_contract(self, plant_id, date=None):
        """The running service contract covering ``plant_id`` on ``date`` (today)."""
        if not plant_id:
            return self.env['dsa.service.contract']
        date = (date or fields.Date.context_today(self))[:10]
        return self.env['dsa.service.contract'].sudo().search([
            ('state', '=', 'running'), ('plant_ids', 'in', [plant_id]),
            ('date_start', '<=', date),
            '|', ('date_end', '=', False), ('date_end', '>=', date)],
            order='date_start desc, id desc', limit=1)

    @api.onchange('dsa_ticket_id')
    def _onchange_dsa_ticket_id(self):
        ticket = self.dsa_ticket_id
        if ticket:
            self.partner_id = self.partner_id or ticket.partner_id
            self.dsa_plant_id = self.dsa_plant_id or ticket.plant_id

    @api.onchange('dsa_plant_id')
    def _onchange_dsa_plant_id(self):
        plant = self.dsa_plant_id
        if plant and not self.partner_id:
            self.partner_id = plant.maintenance_contact_id or plant.partner_id
        if plant and not self.dsa_contract_id:
            contract = self._dsa_find_contract(plant.id, self.dsa_planned_start)
            self.dsa_contract_id = contract.id or False

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if vals.get('dsa_ticket_id'):
            ticket = self.env['dsa.ticket'].browse(vals['dsa_ticket_id'])
            vals.setdefault('partner_id', ticket.partner_id.id)
            vals.setdefault('dsa_plant_id', ticket.plant_id.id)
        if vals.get('dsa_plant_id') and 'dsa_contract_id' not in vals:
            contract = self._dsa_find_contract(
                vals['dsa_plant_id'], vals.get('dsa_planned_start'))
            vals['dsa_contract_id'] = contract.id or False
        return super(ProjectTask, self).create(vals)

    @api.multi
    def write(self, vals):
        if not self.env.context.get('dsa_signing'):
            locked = set(vals) & set(LOCKED_FIELDS + SIGN_FIELDS)
            signed = self.filtered('dsa_signed_on')
            if locked and signed:
                raise UserError(_(
                    'Intervention %s is signed by the customer: its planning, times and '
                    'materials can no longer change.') % signed[0].name)
        before = {}
        if set(vals) & set(PLANNING_FIELDS):
            for task in self.filtered(lambda t: t.dsa_state == 'planned'):
                before[task.id] = (task._dsa_planning_key(),
                                   task._dsa_technician_partners())
        res = super(ProjectTask, self).write(vals)
        for task in self.filtered(lambda t: t.id in before):
            key, old_partners = before[task.id]
            if task._dsa_planning_key() != key:
                task._dsa_check_plannable()
                task._dsa_sync_event()
                task._dsa_notify('changed', extra_partners=old_partners)
        return res

    @api.multi
    def unlink(self):
        signed = self.filtered('dsa_signed_on')
        if signed:
            raise UserError(_(
                'Intervention %s is signed by the customer and cannot be deleted.')
                % signed[0].name)
        self.mapped('dsa_event_id').sudo().unlink()
        return super(ProjectTask, self).unlink()

    # ------------------------------------------------------------------ planning

    @api.multi
    def _dsa_planning_key(self):
        self.ensure_one()
        return (self.dsa_planned_start, self.dsa_planned_end, self.dsa_team_id.id)

    @api.multi
    def _dsa_technician_partners(self):
        return self.mapped('dsa_team_id.member_ids.partner_id')

    @api.multi
    def _dsa_customer_contact(self):
        """The customer's person to invite and inform."""
        self.ensure_one()
        plant = self.dsa_plant_id.sudo()
        return self.partner_id or plant.maintenance_contact_id or plant.partner_id

    @api.multi
    def _dsa_check_plannable(self):
        for task in self:
            if not task.dsa_is_intervention:
                raise UserError(_(
                    'Task %s is not in a field-service project.') % task.name)
            missing = [label for label, value in (
                (_('planned start'), task.dsa_planned_start),
                (_('planned end'), task.dsa_planned_end),
                (_('team'), task.dsa_team_id)) if not value]
            if missing:
                raise UserError(_('Intervention %s cannot be planned without: %s.') % (
                    task.name, ', '.join(missing)))
            if not task.dsa_team_id.member_ids:
                raise UserError(_('Team %s has no members.') % task.dsa_team_id.name)

    @api.multi
    def _prepare_dsa_event_vals(self):
        self.ensure_one()
        partners = self._dsa_technician_partners() | self._dsa_customer_contact()
        team = self.dsa_team_id
        plant = self.dsa_plant_id.sudo()
        location = ', '.join(p for p in (plant.street, plant.zip, plant.city) if p)
        return {
            'name': _('Intervention: %s') % self.name,
            'start': self.dsa_planned_start,
            'stop': self.dsa_planned_end,
            'allday': False,
            'partner_ids': [(6, 0, partners.ids)],
            'user_id': (team.leader_id or team.member_ids[:1]).id,
            'location': location or False,
            'description': self.dsa_ticket_id.description or False,
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'privacy': 'public',
            'show_as': 'busy',
        }

    @api.multi
    def _dsa_sync_event(self):
        """Create or update the calendar event of the intervention.

        The calendar's own invitations are switched off: the intervention sends
        its own (translated) emails, so nobody is told twice."""
        Event = self.env['calendar.event'].sudo().with_context(
            no_mail_to_attendees=True, dont_notify=True, mail_create_nosubscribe=True)
        for task in self:
            vals = task._prepare_dsa_event_vals()
            event = task.dsa_event_id.sudo()
            if event.exists():
                event.with_context(no_mail_to_attendees=True, dont_notify=True).write(vals)
            else:
                event = Event.create(vals)
                super(ProjectTask, task).write({'dsa_event_id': event.id})

    @api.multi
    def _dsa_notify(self, event, extra_partners=None):
        """Queue the email of ``event`` (planned, changed, cancelled).

        One mail per recipient, in the recipient's language: the customer
        contact and the technicians (including those who just left the team)."""
        template = self.env.ref('dsa_tts.mail_template_dsa_intervention_%s' % event)
        for task in self:
            partners = task._dsa_customer_contact() | task._dsa_technician_partners()
            if extra_partners:
                partners |= extra_partners
            for partner in partners.filtered('email'):
                template.sudo().with_context(lang=partner.lang or 'en_US').send_mail(
                    task.id, email_values={'recipient_ids': [(6, 0, [partner.id])]})

    def _dsa_check_dispatcher(self):
        """Planning and cancelling are the dispatcher's: the buttons are hidden
        from technicians, and this refuses the call over RPC too."""
        if not self.env.user.has_group('dsa_tts.group_manager'):
            raise AccessError(_('Only a Field Service manager can plan or cancel interventions.'))

    @api.multi
    def action_dsa_plan(self):
        """Plan the intervention: calendar event with the team and the customer
        contact, emails to all of them."""
        self._dsa_check_dispatcher()
        self._dsa_check_plannable()
        for task in self:
            if task.dsa_state not in ('draft', 'cancelled'):
                raise UserError(_('Intervention %s is already planned.') % task.name)
            task.dsa_state = 'planned'
            stage = self.env.ref('dsa_tts.project_task_type_dsa_planned',
                                 raise_if_not_found=False)
            if stage:
                task.stage_id = stage
            task._dsa_sync_event()
            task._dsa_notify('planned')
        return True

    @api.multi
    def action_dsa_cancel(self):
        self._dsa_check_dispatcher()
        for task in self:
            if task.dsa_state == 'done':
                raise UserError(_(
                    'Intervention %s is done: reopen it before cancelling it.') % task.name)
            was_planned = task.dsa_state == 'planned'
            task.dsa_state = 'cancelled'
            stage = self.env.ref('dsa_tts.project_task_type_dsa_cancelled',
                                 raise_if_not_found=False)
            if stage:
                task.stage_id = stage
            if was_planned:
                task._dsa_notify('cancelled')
            task.dsa_event_id.sudo().unlink()
        return True

    @api.multi
    def action_dsa_done(self):
        """Mark the intervention done and apply its materials to the plant
        structure. Each material line is applied once: closing again, or
        reopening and closing, changes nothing already applied."""
        for task in self:
            if task.dsa_state == 'cancelled':
                raise UserError(_('Intervention %s is cancelled.') % task.name)
            if task.dsa_material_ids and not task.dsa_plant_id:
                raise UserError(_(
                    'Intervention %s has materials but no plant.') % task.name)
            if task.dsa_state != 'done':
                vals = {'dsa_state': 'done',
                        'dsa_done_date': fields.Date.context_today(task)}
                stage = self.env.ref('dsa_tts.project_task_type_dsa_done',
                                     raise_if_not_found=False)
                if stage:
                    vals['stage_id'] = stage.id
                task.write(vals)
            task.dsa_material_ids._apply_to_plant()
        return True

    @api.multi
    def action_dsa_reopen(self):
        for task in self:
            if task.dsa_signed_on:
                raise UserError(_(
                    'Intervention %s is signed by the customer and cannot be reopened.')
                    % task.name)
            task.write({'dsa_state': 'planned' if task.dsa_planned_start else 'draft',
                        'dsa_report_state': 'none'})
        return True

    # ------------------------------------------------------------------ report, sign-off

    @api.multi
    def _dsa_render_pdf(self, sign=None):
        """Render the intervention report to PDF with wkhtmltopdf.

        The report is rendered with its styles inline (template
        ``report_dsa_intervention_standalone``) so that wkhtmltopdf fetches
        nothing from the server: the same bytes whether called from a request,
        a cron or a test.  ``sign`` (signer, date, ip, signature) renders the
        signature block of a sign-off that is not stored yet."""
        report = self.env.ref('dsa_tts.action_report_dsa_intervention').sudo()
        html = self.env['ir.qweb'].sudo().render(
            'dsa_tts.report_dsa_intervention_standalone', {
                'docs': self.sudo(),
                'company': self.env.user.company_id.sudo(),
                'dsa_sign': sign or {},
            })
        if isinstance(html, str):
            html = html.encode('utf-8')
        return report._run_wkhtmltopdf([html])

    @api.model
    def _dsa_data_uri(self, value, mimetype='image/png'):
        """``data:`` URI of a base64 binary field value, for the PDF templates."""
        if not value:
            return ''
        if isinstance(value, bytes):
            value = value.decode('ascii')
        return 'data:%s;base64,%s' % (mimetype, value)

    @api.multi
    def action_dsa_sign(self, signer, signature, ip=None):
        """Customer approval of the report: store signer, time, IP and the
        signature (base64 PNG), archive the signed PDF in the chatter with its
        SHA-256, and lock the intervention."""
        self.ensure_one()
        signer = (signer or '').strip()
        if not signer:
            raise UserError(_('Give the name of the person who signs.'))
        if not signature:
            raise UserError(_('Draw the signature before approving.'))
        if isinstance(signature, str) and signature.startswith('data:'):
            signature = signature.split(',', 1)[1]
        try:
            raw = base64.b64decode(signature, validate=True)
        except (ValueError, TypeError):
            raise UserError(_('The signature is not a valid image.'))
        if not raw.startswith(b'\x89PNG'):
            raise UserError(_('The signature must be a PNG image.'))
        if self.dsa_state != 'done':
            raise UserError(_(
                'Intervention %s is not done yet: its report cannot be signed.') % self.name)
        if self.dsa_signed_on:
            raise UserError(_('Intervention %s is already signed.') % self.name)
        # render first: nothing is written if wkhtmltopdf fails
        sign = {
            'signer': signer,
            'date': fields.Datetime.now(),
            'ip': ip or False,
            'signature': base64.b64encode(raw),
        }
        pdf = self._dsa_render_pdf(sign=sign)
        digest = hashlib.sha256(pdf).hexdigest()
        task = self.with_context(dsa_signing=True)
        task.write({
            'dsa_signed_by': signer,
            'dsa_signed_on': sign['date'],
            'dsa_signed_ip': sign['ip'],
            'dsa_signature': sign['signature'],
            'dsa_report_state': 'signed',
            'dsa_reject_reason': False,
            'dsa_rejected_on': False,
        })
        attachment = self.env['ir.attachment'].sudo().create({
            'name': _('Signed report %s.pdf') % self.name,
            'datas_fname': 'signed_report_%s.pdf' % self.id,
            'datas': base64.b64encode(pdf),
            'mimetype': 'application/pdf',
            'res_model': self._name,
            'res_id': self.id,
        })
        task.write({'dsa_signed_sha256': digest, 'dsa_signed_attachment_id': attachment.id})
        self.sudo().message_post(
            author_id=self.env.context.get('dsa_author_id'),
            body=_('Report approved and signed by %s from %s. SHA-256 of the signed PDF: %s')
            % (signer, ip or _('unknown address'), digest),
            attachment_ids=[attachment.id],
            subtype='mail.mt_note')
        return attachment

    @api.multi
    def action_dsa_reject(self, reason, signer=None):
        self.ensure_one()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_('Give the reason why the report is rejected.'))
        if self.dsa_signed_on:
            raise UserError(_('Intervention %s is already signed.') % self.name)
        if self.dsa_state != 'done':
            raise UserError(_(
                'Intervention %s is not done yet: its report cannot be rejected.') % self.name)
        self.with_context(dsa_signing=True).write({
            'dsa_report_state': 'rejected',
            'dsa_reject_reason': reason,
            'dsa_rejected_on': fields.Datetime.now(),
        })
        self.sudo().message_post(
            author_id=self.env.context.get('dsa_author_id'),
            body=_('Report rejected by %s: %s') % (signer or _('the customer'), reason),
            subtype='mail.mt_comment')
        return True

    @api.multi
    def action_dsa_print_report(self):
        self.ensure_one()
        return self.env.ref('dsa_tts.action_report_dsa_intervention').report_action(self)
