"""Service levels on service calls (issue 26).

Each call gets, when it is opened, the service level (dsa.sla.policy) of the
running contract on its plant, or the company's default one: the promise made
to the customer at that moment holds until the call is solved, even if the
contract ends meanwhile, and a contract starting later does not apply to it.

The deadlines are stored and computed in working hours of the policy's
calendar (resource.calendar.plan_hours / get_work_hours_count, with its
global leaves: the public holidays) from the clock's start (the opening, or
the last priority change: the deadline follows the new target from that
moment), prolonged by the working hours of the intervals in which the clock
stood still (dsa.ticket.sla.pause: waiting on the customer, or closed before
a reopening). They are recomputed on a priority change, a pause, a resume
and a reopening. The status moves with time through the escalation cron."""
import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import html_escape

from odoo.addons.dsa_base.lib.runtime import running_tests

from odoo.addons.dsa_base.lib.bulk import insert_rows
from .resource_calendar import MEMO_KEY, LeaveMemo

_logger = logging.getLogger(__name__)

SLA_STATUSES = [
    ('on_time', 'On time'),
    ('at_risk', 'At risk'),
    ('breached', 'Breached'),
    ('met', 'Met'),
]
KEPT = [('pending', 'Pending'), ('kept', 'Kept'), ('missed', 'Missed')]
# escalation steps reached per target: 0 none, 1 owner warned, 2 breach reported
STEP_WARNED = 1
STEP_BREACHED = 2
# calls read and written per batch (and commit) by the escalation cron
ESCALATION_BATCH = 1000
# the fields of the service level: set by the code only (see _dsa_action_fields)
SLA_FIELDS = (
    'sla_policy_id', 'sla_contract_id', 'sla_date_open', 'sla_start',
    'sla_response_deadline', 'sla_resolution_deadline', 'sla_response_warn',
    'sla_resolution_warn', 'sla_responded_date', 'sla_resolved_date',
    'sla_response_hours', 'sla_resolution_hours', 'sla_status', 'sla_response_step',
    'sla_resolution_step', 'sla_paused_since')


def _now():
    """The clock of the service levels (one place, so tests can set it)."""
    return datetime.utcnow().replace(microsecond=0)


def _dt(value):
    return fields.Datetime.from_string(value) if value else None


def _str(value):
    return fields.Datetime.to_string(value) if value else False


class DsaTicket(models.Model):
    _inherit = 'dsa.ticket'

    sla_policy_id = fields.Many2one(
        'dsa.sla.policy', 'Service level', readonly=True, copy=False, index=True,
        help="The service level promised when the call was opened: the one of the "
             "running contract on its plant, else the company's default.")
    sla_contract_id = fields.Many2one(
        'dsa.service.contract', 'Contract (service level)', readonly=True, copy=False,
        index=True, help='The running contract on the plant when the call was opened.')
    sla_date_open = fields.Datetime('Clock started on', readonly=True, copy=False)
    sla_start = fields.Datetime(
        'Targets counted from', readonly=True, copy=False,
        help='The opening of the call, or the last change of its priority.')
    sla_response_deadline = fields.Datetime(
        'Respond by', readonly=True, copy=False, index=True,
        help='A person acknowledges the call or plans an intervention by then.')
    sla_resolution_deadline = fields.Datetime(
        'Solve by', readonly=True, copy=False, index=True)
    sla_response_warn = fields.Datetime('Response at risk from', readonly=True, copy=False)
    sla_resolution_warn = fields.Datetime('Resolution at risk from', readonly=True, copy=False)
    sla_responded_date = fields.Datetime('First response on', readonly=True, copy=False)
    sla_resolved_date = fields.Datetime('Solved on', readonly=True, copy=False)
    sla_response_hours = fields.Float(
        'Response time (working hours)', readonly=True, copy=False, group_operator='avg')
    sla_resolution_hours = fields.Float(
        'Resolution time (working hours)', readonly=True, copy=False, group_operator='avg')
    sla_status = fields.Selection(
        SLA_STATUSES, 'Service level status', readonly=True, copy=False, index=True,
        help='On time; at risk (past the warning share of a target); breached (a '
             'deadline passed); met (solved within every target).')
    # 0, never NULL: the cron's domain compares them (NULL < 1 is not true)
    sla_response_step = fields.Integer(
        'Response escalation step', readonly=True, copy=False, default=0)
    sla_resolution_step = fields.Integer(
        'Resolution escalation step', readonly=True, copy=False, default=0)
    sla_paused_since = fields.Datetime(
        'Clock paused since', readonly=True, copy=False,
        help='The call waits on the customer (or is closed): the clock stands still.')
    sla_pause_ids = fields.One2many(
        'dsa.ticket.sla.pause', 'ticket_id', 'Clock pauses', readonly=True, copy=False)
    sla_response_kept = fields.Selection(
        KEPT, 'First response promise', compute='_compute_sla_kept')
    sla_resolution_kept = fields.Selection(
        KEPT, 'Resolution promise', compute='_compute_sla_kept')

    @api.model
    def _dsa_action_fields(self):
        """The service level is the company's promise: set by the code only."""
        res = super(DsaTicket, self)._dsa_action_fields()
        for name in SLA_FIELDS:
            res[name] = _('the service-level clock (it follows the call)')
        return res

    @api.depends('sla_response_deadline', 'sla_responded_date',
                 'sla_resolution_deadline', 'sla_resolved_date', 'sla_paused_since')
    def _compute_sla_kept(self):
        now = _now()
        for ticket in self:
            clock = _dt(ticket.sla_paused_since) or now
            ticket.sla_response_kept = self._dsa_sla_kept(
                _dt(ticket.sla_response_deadline), _dt(ticket.sla_responded_date), clock)
            ticket.sla_resolution_kept = self._dsa_sla_kept(
                _dt(ticket.sla_resolution_deadline), _dt(ticket.sla_resolved_date), clock)

    @api.model
    def _dsa_sla_kept(self, deadline, done, clock):
        """Whether one promise was kept: done in time (or without a deadline),
        missed (done late, or the deadline passed), or still pending."""
        if done:
            return 'missed' if deadline and done > deadline else 'kept'
        if deadline and clock > deadline:
            return 'missed'
        return 'pending'

    # ------------------------------------------------------------------ working time

    @api.multi
    def _dsa_sla_calendar(self):
        """The policy's calendar, read in the policy's timezone (Odoo 11's
        resource.calendar works in the timezone of the context)."""
        policy = self.sla_policy_id.sudo()
        memo = self.env.context.get(MEMO_KEY)
        return policy.calendar_id.with_context(**{
            'tz': policy.tz, MEMO_KEY: memo if isinstance(memo, LeaveMemo) else LeaveMemo()})

    @api.model
    def _dsa_sla_plan(self, calendar, start, hours, pauses):
        """The moment when ``hours`` working hours have run from ``start``,
        the clock standing still during ``pauses`` [(from, to)], sorted.
        A pause that begins before the moment found pushes it by the working
        hours it covers (plan_hours from there)."""
        if not hours or hours <= 0:
            return None
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        if not deadline:
            return None
        for p_start, p_end in pauses:
            if p_end <= start or p_start >= deadline:
                continue
            lost = self._dsa_sla_work_hours(calendar, max(p_start, start), p_end)
            if lost > 0:
                deadline = calendar.plan_hours(lost, deadline, compute_leaves=True)
        return deadline

    @api.model
    def _dsa_sla_work_hours(self, calendar, start, end):
        """calendar.get_work_hours_count(start, end), around a flaw of Odoo 11:
        its days come from an rrule started at the start's time of day, so the
        last day is lost when the end's time of day is earlier (Monday 9:00 to
        Thursday 8:30 forgets Thursday), and an end at midnight counts that
        whole day. Counted from the start's local midnight instead."""
        if not start or not end or end <= start:
            return 0.0
        tz = pytz.timezone(calendar.env.context.get('tz') or 'UTC')
        local_start = pytz.utc.localize(start).astimezone(tz).replace(tzinfo=None)
        midnight = tz.localize(datetime.combine(local_start.date(), time(0))).astimezone(
            pytz.utc).replace(tzinfo=None)
        if pytz.utc.localize(end).astimezone(tz).time() == time(0):
            end -= timedelta(seconds=1)
        hours = calendar.get_work_hours_count(midnight, end, None)
        if start > midnight:
            hours -= calendar.get_work_hours_count(midnight, start, None)
        return hours

    @api.model
    def _dsa_sla_elapsed(self, calendar, start, end, pauses):
        """Working hours from ``start`` to ``end`` with the clock running."""
        if not start or not end or end <= start:
            return 0.0
        hours = self._dsa_sla_work_hours(calendar, start, end)
        for p_start, p_end in pauses:
            p_start, p_end = max(p_start, start), min(p_end, end)
            if p_end > p_start:
                hours -= self._dsa_sla_work_hours(calendar, p_start, p_end)
        return round(max(hours, 0.0), 2)

    @api.multi
    def _dsa_sla_pauses(self):
        """The closed pauses of the call, [(from, to)] sorted."""
        self.ensure_one()
        return [(_dt(p.date_start), _dt(p.date_end))
                for p in self.sudo().sla_pause_ids if p.date_end]

    # ------------------------------------------------------------------ the clock

    @api.multi
    def _dsa_sla_find_policy(self, at):
        """(policy, contract) for the call opened at ``at``: the service level
        of the running contract covering the plant then, else the company's."""
        self.ensure_one()
        contract = self.env['project.task']._dsa_find_contract(
            self.plant_id.id, fields.Date.to_string(at))
        company = (contract.company_id or self.company_id or self.env.user.company_id).sudo()
        return contract.dsa_sla_policy_id or company.dsa_sla_policy_id, contract

    @api.multi
    def _dsa_sla_open(self, at):
        """Start the clock of new calls at ``at``."""
        for ticket in self:
            policy, contract = ticket._dsa_sla_find_policy(at)
            ticket._dsa_action_write({
                'sla_policy_id': policy.id, 'sla_contract_id': contract.id,
                'sla_date_open': _str(at), 'sla_start': _str(at)})
        self._dsa_sla_recompute(at)

    @api.multi
    def _dsa_sla_deadline_vals(self):
        """The deadlines of the targets still pending, with their warning
        moments, from the clock's start and the closed pauses."""
        self.ensure_one()
        vals = {}
        policy = self.sla_policy_id.sudo()
        target = policy._dsa_target(self.priority) if policy else None
        calendar = self._dsa_sla_calendar() if policy else None
        start = _dt(self.sla_start)
        pauses = self._dsa_sla_pauses() if policy else []
        share = (policy.warn_share or 80.0) / 100.0 if policy else 0
        for kind, done in (('response', self.sla_responded_date),
                           ('resolution', self.sla_resolved_date)):
            if done:
                continue
            hours = target['%s_hours' % kind] if target else 0
            vals['sla_%s_deadline' % kind] = _str(
                target and self._dsa_sla_plan(calendar, start, hours, pauses))
            vals['sla_%s_warn' % kind] = _str(
                target and self._dsa_sla_plan(calendar, start, hours * share, pauses))
        return vals

    @api.multi
    def _dsa_sla_status_at(self, now, vals=None):
        """The status at ``now`` from the stored values (``vals`` overrides)."""
        self.ensure_one()
        vals = vals or {}

        def get(name):
            return _dt(vals[name] if name in vals else self[name])
        if not (vals.get('sla_policy_id') or self.sla_policy_id):
            return False
        clock = get('sla_paused_since') or now
        kept = [self._dsa_sla_kept(get('sla_%s_deadline' % k), get('sla_%s_date' % d), clock)
                for k, d in (('response', 'responded'), ('resolution', 'resolved'))]
        if 'missed' in kept:
            return 'breached'
        if get('sla_resolved_date'):
            return 'met'
        for kind, done in (('response', 'responded'), ('resolution', 'resolved')):
            warn = get('sla_%s_warn' % kind)
            if warn and not get('sla_%s_date' % done) and clock >= warn:
                return 'at_risk'
        return 'on_time'

    @api.multi
    def _dsa_sla_recompute(self, now=None):
        """Recompute the deadlines of the pending targets and the status."""
        now = now or _now()
        memo = LeaveMemo()  # the leaves read once for all the calls
        for ticket in self.filtered('sla_date_open'):
            vals = ticket.with_context(**{MEMO_KEY: memo})._dsa_sla_deadline_vals()
            vals['sla_status'] = ticket._dsa_sla_status_at(now, vals)
            ticket._dsa_sla_write(vals)

    @api.multi
    def _dsa_sla_write(self, vals):
        """Write service-level values (the fields are the code's only)."""
        return self._dsa_action_write(vals)

    @api.multi
    def _dsa_sla_mark(self, responded=False, resolved=False, now=None):
        """Record the first response and/or the resolution at ``now``: the
        time they took in working hours, and the status they give."""
        now = now or _now()
        for ticket in self.filtered(lambda t: t.sla_date_open and t.sla_policy_id):
            vals = {}
            calendar = ticket._dsa_sla_calendar()
            pauses = ticket._dsa_sla_pauses()
            opened = _dt(ticket.sla_date_open)
            if (responded or resolved) and not ticket.sla_responded_date:
                vals['sla_responded_date'] = _str(now)
                vals['sla_response_hours'] = self._dsa_sla_elapsed(
                    calendar, opened, now, pauses)
            if resolved and not ticket.sla_resolved_date:
                vals['sla_resolved_date'] = _str(now)
                vals['sla_resolution_hours'] = self._dsa_sla_elapsed(
                    calendar, opened, now, pauses)
            if vals:
                vals['sla_status'] = ticket._dsa_sla_status_at(now, vals)
                ticket._dsa_sla_write(vals)

    @api.multi
    def _dsa_sla_stage_changed(self, old_stages, now=None):
        """Pause, resume, close or reopen the clock after a stage change;
        ``old_stages`` {ticket id: previous stage}."""
        now = now or _now()
        Pause = self.env['dsa.ticket.sla.pause'].sudo()
        for ticket in self.filtered('sla_date_open'):
            old, new = old_stages.get(ticket.id), ticket.stage_id
            if not old or old == new:
                continue
            was_paused = old.sla_pause or old.is_closed
            paused = new.sla_pause or new.is_closed
            if was_paused:
                Pause.search([('ticket_id', '=', ticket.id), ('date_end', '=', False)]).write(
                    {'date_end': _str(now)})
            if paused:
                Pause.create({'ticket_id': ticket.id, 'date_start': _str(now),
                              'stage_id': new.id,
                              'reason': 'closed' if new.is_closed else 'customer'})
            vals = {'sla_paused_since': _str(now) if paused else False}
            if old.is_closed and not new.is_closed:
                # reopened: the problem was not solved; the closed time is a pause
                vals.update(sla_resolved_date=False, sla_resolution_hours=0.0)
            ticket._dsa_sla_write(vals)
            if new.is_closed and not old.is_closed:
                ticket._dsa_sla_mark(responded=True, resolved=True, now=now)
            ticket._dsa_sla_recompute(now)

    @api.multi
    def _dsa_sla_priority_changed(self, now=None):
        """The deadlines of the pending targets follow the new priority's
        targets from ``now`` on."""
        now = now or _now()
        tickets = self.filtered('sla_date_open')
        tickets._dsa_action_write({'sla_start': _str(now)})
        tickets._dsa_sla_recompute(now)

    # ------------------------------------------------------------------ ORM

    @api.model
    def create(self, vals):
        ticket = super(DsaTicket, self).create(vals)
        ticket._dsa_sla_open(_now())
        return ticket

    @api.multi
    def write(self, vals):
        old_stages = {t.id: t.stage_id for t in self} if 'stage_id' in vals else {}
        old_priorities = {t.id: t.priority for t in self} if 'priority' in vals else {}
        res = super(DsaTicket, self).write(vals)
        if old_stages:
            self._dsa_sla_stage_changed(old_stages)
        if old_priorities:
            self.filtered(lambda t: old_priorities[t.id] != t.priority)\
                ._dsa_sla_priority_changed()
        if 'plant_id' in vals:
            self.filtered(lambda t: not t.sla_resolved_date)._dsa_sla_plant_changed()
        return res

    @api.multi
    def _dsa_sla_plant_changed(self):
        """A plant set later (a call opened by email): the service level is the
        one of the contract that was running on it when the call was opened."""
        for ticket in self.filtered('sla_date_open'):
            policy, contract = ticket._dsa_sla_find_policy(_dt(ticket.sla_date_open))
            if (policy, contract) != (ticket.sla_policy_id, ticket.sla_contract_id):
                ticket._dsa_action_write({'sla_policy_id': policy.id,
                                          'sla_contract_id': contract.id})
                ticket._dsa_sla_recompute()

    @api.multi
    @api.returns('self', lambda value: value.id)
    def message_post(self, **kwargs):
        """A public reply of a person of the company is a first response."""
        message = super(DsaTicket, self).message_post(**kwargs)
        author = message.sudo().author_id
        if message.message_type == 'comment' and message.subtype_id == self.env.ref(
                'mail.mt_comment') and author.user_ids.filtered(lambda u: not u.share) \
                and author != self.env.ref('base.partner_root'):
            self._dsa_sla_mark(responded=True)
        return message

    @api.multi
    def action_sla_acknowledge(self):
        """A person of the company acknowledges the call: its first response."""
        self.check_access_rule('write')
        self._dsa_sla_mark(responded=True)
        return True

    # ------------------------------------------------------------------ escalation

    @api.model
    def _dsa_sla_escalation_domain(self, now):
        """Open calls whose clock runs and which reach a warning or a deadline
        not yet handled (a step not reached, or a status not moved)."""
        now = _str(now)
        parts = []
        for kind, done in (('response', 'responded'), ('resolution', 'resolved')):
            step = 'sla_%s_step' % kind
            parts.append(['&', '&', ('sla_%s_date' % done, '=', False),
                          ('sla_%s_warn' % kind, '<=', now),
                          '|', ('sla_status', '=', 'on_time'), (step, '<', STEP_WARNED)])
            parts.append(['&', '&', ('sla_%s_date' % done, '=', False),
                          ('sla_%s_deadline' % kind, '<=', now),
                          '|', ('sla_status', '!=', 'breached'), (step, '<', STEP_BREACHED)])
        domain = ['|'] * (len(parts) - 1)
        for part in parts:
            domain += part
        return [('is_closed', '=', False), ('sla_policy_id', '!=', False),
                ('sla_paused_since', '=', False)] + domain

    @api.model
    def _cron_sla_escalation(self, now=None, commit=None, batch_size=ESCALATION_BATCH):
        """Every few minutes: move the status of the calls whose warning or
        deadline passed, and escalate each step once: an activity for the
        call's owner at the warning, one for the service manager at the
        breach (the step reached is stored, so never twice).

        Works in batches of ``batch_size`` calls, each committed (unless
        running tests); a batch that fails is retried call by call in
        savepoints, so one broken call does not stop the others."""
        if commit is None:
            commit = not running_tests()
        now = now or _now()
        ids = self.sudo().search(self._dsa_sla_escalation_domain(now), order='id').ids
        failed = self.browse()
        for start in range(0, len(ids), batch_size):
            batch = self.sudo().browse(ids[start:start + batch_size])
            try:
                with self.env.cr.savepoint():
                    batch._dsa_sla_escalate(now)
            except Exception:
                _logger.info('Escalation batch failed, retrying call by call', exc_info=True)
                self.invalidate_cache()
                for ticket in batch:
                    try:
                        with self.env.cr.savepoint():
                            ticket._dsa_sla_escalate(now)
                    except Exception:
                        _logger.exception('Escalation of service call %s failed', ticket.id)
                        self.invalidate_cache()
                        failed |= ticket
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return failed

    @api.multi
    def _dsa_sla_escalate(self, now):
        """One batch: the new status and steps, written grouped by value, and
        the activities of the steps reached, created together."""
        groups = {}
        activities = []
        for ticket in self:
            vals = {'sla_status': ticket._dsa_sla_status_at(now)}
            for kind, done in (('response', 'responded'), ('resolution', 'resolved')):
                if ticket['sla_%s_date' % done]:
                    continue
                step_name = 'sla_%s_step' % kind
                step = ticket[step_name]
                if ticket['sla_%s_deadline' % kind] and \
                        _dt(ticket['sla_%s_deadline' % kind]) < now:
                    if step < STEP_BREACHED:
                        vals[step_name] = STEP_BREACHED
                        activities.append((ticket, kind, 'breached'))
                elif ticket['sla_%s_warn' % kind] and _dt(ticket['sla_%s_warn' % kind]) <= now:
                    if step < STEP_WARNED:
                        vals[step_name] = STEP_WARNED
                        activities.append((ticket, kind, 'warned'))
            key = tuple(sorted(vals.items()))
            groups.setdefault(key, self.browse())
            groups[key] |= ticket
        for key, tickets in groups.items():
            tickets.with_context(tracking_disable=True)._dsa_action_write(dict(key))
        self._dsa_sla_create_activities(activities)

    @api.model
    def _dsa_sla_create_activities(self, activities):
        """The escalation activities [(call, 'response'|'resolution',
        'warned'|'breached')]: to the call's owner at the warning (the
        service manager when nobody owns it), to the service manager at the
        breach.

        Inserted together (one INSERT per 1,000) rather than one
        mail.activity.create() each (about 15 queries: defaults, access
        check, follower, bus notice); not with dsa_bulk.bulk_create either,
        whose recomputation of the stored res_name writes each row again.
        The values create() would compute are given (res_model, res_name);
        what create() does besides is done here once per user: the user
        follows the calls (_dsa_sla_add_followers) and gets one bus notice."""
        if not activities:
            return
        todo = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        admin = self.env.ref('base.user_root')
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        uid = self.env.uid
        rows, by_user = [], {}
        for ticket, kind, step in activities:
            manager = ticket.company_id.dsa_sla_manager_id or admin
            user = (ticket.user_id or manager) if step == 'warned' else manager
            summary = ticket.with_context(lang=user.lang or 'en_US')\
                ._dsa_sla_activity_summary(kind, step)
            deadline = ticket['sla_%s_deadline' % kind]
            note = '<p>%s</p>' % html_escape('%s: %s (%s UTC)' % (
                ticket.name, summary, deadline or ''))
            rows.append((model.id, self._name, ticket.id, ticket.display_name, todo.id,
                         summary, note, today, user.id, uid, now, uid, now))
            by_user.setdefault(user, self.browse())
            by_user[user] |= ticket
        insert_rows(self.env.cr, 'mail_activity', [
            'res_model_id', 'res_model', 'res_id', 'res_name', 'activity_type_id', 'summary',
            'note', 'date_deadline', 'user_id', 'create_uid', 'create_date', 'write_uid',
            'write_date'], rows)
        self.env['mail.activity'].invalidate_cache()
        self.invalidate_cache(['activity_ids'])
        for user, tickets in by_user.items():
            partner = user.partner_id
            tickets._dsa_sla_add_followers(partner)
            self.env['bus.bus'].sendone(
                (self._cr.dbname, 'res.partner', partner.id),
                {'type': 'activity_updated', 'activity_created': True})

    @api.multi
    def _dsa_sla_add_followers(self, partner):
        """Make ``partner`` a follower of the calls of ``self`` that it does not
        follow yet, with the default subtypes, as message_subscribe() does.
        Inserted together: message_subscribe() creates one mail.followers
        record per call through the ORM (a few queries each), and the cron
        escalates thousands of calls at once."""
        Followers = self.env['mail.followers'].sudo()
        known = {f['res_id'] for f in Followers.search_read([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('partner_id', '=', partner.id)], ['res_id'])}
        new = [rid for rid in self.ids if rid not in known]
        if not new:
            return
        # mail.followers has no create/write columns (_log_access = False)
        follower_ids = insert_rows(self.env.cr, 'mail_followers',
                                   ['res_model', 'res_id', 'partner_id'],
                                   [(self._name, rid, partner.id) for rid in new],
                                   'ON CONFLICT DO NOTHING')
        subtypes = self.env['mail.message.subtype'].search([
            ('default', '=', True), '|', ('res_model', '=', self._name),
            ('res_model', '=', False)])
        rows = [(fid, sid) for fid in follower_ids for sid in subtypes.ids]
        for start in range(0, len(rows), 1000):
            chunk = rows[start:start + 1000]
            self.env.cr.execute(
                'INSERT INTO mail_followers_mail_message_subtype_rel '
                '(mail_followers_id, mail_message_subtype_id) VALUES %s ON CONFLICT DO NOTHING'
                % ', '.join(['%s'] * len(chunk)), chunk)
        self.invalidate_cache(['message_follower_ids', 'message_partner_ids'])
        Followers.invalidate_cache(['subtype_ids'])

    @api.multi
    def _dsa_sla_activity_summary(self, kind, step):
        """The activity's title, in the language of the context."""
        return {
            ('response', 'warned'): _('Service level at risk: first response due'),
            ('resolution', 'warned'): _('Service level at risk: resolution due'),
            ('response', 'breached'): _('Service level breached: no first response in time'),
            ('resolution', 'breached'): _('Service level breached: not solved in time'),
        }[(kind, step)]

    # ------------------------------------------------------------------ demo

    @api.model
    def _dsa_sla_demo_backdate(self, xmlid, hours_ago, responded_after=None,
                               resolved_after=None, stage_xmlid=None):
        """Demo data: replay the life of a demo call as if opened ``hours_ago``
        working hours ago, responded and resolved so many working hours after
        its opening, then put in the stage ``stage_xmlid``; so that the demo
        shows every status whenever it is installed."""
        ticket = self.env.ref(xmlid)
        now = _now()
        ticket.sla_pause_ids.sudo().unlink()
        ticket._dsa_action_write({
            'sla_responded_date': False, 'sla_resolved_date': False,
            'sla_response_step': 0, 'sla_resolution_step': 0, 'sla_paused_since': False,
            'sla_response_hours': 0.0, 'sla_resolution_hours': 0.0})
        ticket._dsa_sla_open(now)
        calendar = ticket._dsa_sla_calendar()
        opened = calendar.plan_hours(-hours_ago, now, compute_leaves=True) or now
        ticket._dsa_sla_open(opened)
        if responded_after is not None:
            ticket._dsa_sla_mark(responded=True, now=calendar.plan_hours(
                responded_after, opened, compute_leaves=True))
        if resolved_after is not None:
            ticket._dsa_sla_mark(resolved=True, now=calendar.plan_hours(
                resolved_after, opened, compute_leaves=True))
        if stage_xmlid:
            ticket.write({'stage_id': self.env.ref(stage_xmlid).id})
        ticket._dsa_sla_recompute(now)
        return True
