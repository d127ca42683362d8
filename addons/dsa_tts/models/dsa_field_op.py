import json
import re

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import except_orm

OP_TYPES = [
    ('work_start', 'Work started'),
    ('work_stop', 'Work stopped'),
    ('activity', 'Activity'),
    ('material', 'Material'),
    ('material_delete', 'Material removed from the list'),
    ('photo', 'Photo'),
    ('note', 'Note'),
    ('close', 'Close'),
    ('sign', 'Signature on site'),
]
OP_STATUSES = [
    ('done', 'Done'),
    ('refused', 'Refused'),
]
OP_ID_RE = re.compile(r'^[A-Za-z0-9-]{8,64}$')
MAX_OPS = 100


class DsaFieldOp(models.Model):
    """One operation the field app sent (issue 25): the log that makes a sync
    idempotent (an op id is processed once, its first answer is given again
    to a replay) and that shows the service managers what the phones did,
    refused operations included.

    Nobody writes it through RPC: the access rights give managers read only,
    ``_dsa_sync`` writes it with sudo after its own checks."""
    _name = 'dsa.field.op'
    _description = 'Field app operation'
    _order = 'create_date desc, id desc'
    _rec_name = 'op_id'

    op_id = fields.Char('Operation id', required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        'res.users', 'Technician', required=True, readonly=True, index=True,
        ondelete='cascade')
    task_id = fields.Many2one(
        'project.task', 'Intervention', readonly=True, index=True, ondelete='set null')
    op_type = fields.Selection(OP_TYPES, 'Type', readonly=True,
                               help='Empty when the phone sent an unknown type (refused).')
    status = fields.Selection(OP_STATUSES, 'Status', required=True, readonly=True)
    message = fields.Text('Message', readonly=True)
    result = fields.Text('Result (JSON)', readonly=True)
    at = fields.Datetime('Done on the phone at', readonly=True,
                         help='When the technician did it, by the phone\'s clock (UTC).')

    _sql_constraints = [
        ('op_id_unique', 'unique(op_id)', 'An operation id is processed only once.'),
    ]

    # ------------------------------------------------------------------ sync
    @api.model
    def _dsa_sync(self, ops):
        """Process the queued operations of the field app, in order, as the
        current user (the technician). Returns the answer of /field/api/sync.

        Each op runs in its own savepoint: a refused op is rolled back alone.
        The op ids already known and the assignment of the interventions are
        read once for the whole batch (queries per op stay flat)."""
        if not isinstance(ops, list):
            return self._dsa_refuse_batch(_('The field "ops" must be a list of operations.'))
        if len(ops) > MAX_OPS:
            return self._dsa_refuse_batch(
                _('At most %d operations per sync; send the rest in another call.') % MAX_OPS)
        known = self._dsa_known_ops(ops)
        Task = self.env['project.task']
        assigned = Task._dsa_field_assigned_ids(self._dsa_task_ids(ops))
        results, touched = [], []
        for index, op in enumerate(ops):
            answer = self._dsa_sync_one(op, index, known, assigned)
            results.append(answer)
            task_id = op.get('task_id') if isinstance(op, dict) else None
            if answer['status'] == 'done' and task_id not in touched:
                touched.append(task_id)
        tasks = Task.browse([t for t in touched if t in assigned])
        tasks.invalidate_cache()
        return {'results': results,
                'interventions': tasks._dsa_field_payload()['interventions'] if tasks else []}

    @api.model
    def _dsa_refuse_batch(self, message):
        return {'results': [], 'interventions': [], 'error': message}

    @api.model
    def _dsa_task_ids(self, ops):
        return list({op['task_id'] for op in ops if isinstance(op, dict)
                     and isinstance(op.get('task_id'), int)
                     and not isinstance(op.get('task_id'), bool)})

    @api.model
    def _dsa_known_ops(self, ops):
        """The stored ops among those of the batch, by op id (one query)."""
        op_ids = [op.get('id') for op in ops if isinstance(op, dict)
                  and isinstance(op.get('id'), str)]
        if not op_ids:
            return {}
        stored = self.sudo().search_read([('op_id', 'in', op_ids)],
                                         ['op_id', 'user_id', 'status', 'message', 'result'])
        return {row['op_id']: row for row in stored}

    @api.model
    def _dsa_sync_one(self, op, index, known, assigned):
        """Check one op, run it in a savepoint, store it; its answer."""
        op_id = op.get('id') if isinstance(op, dict) else None
        if not isinstance(op_id, str) or not OP_ID_RE.match(op_id):
            return self._dsa_answer(op_id, 'refused', _(
                'Operation number %d: its field "id" must be 8 to 64 letters, digits or '
                'dashes.') % (index + 1))
        stored = known.get(op_id)
        if stored:
            if stored['user_id'][0] != self.env.uid:
                return self._dsa_answer(op_id, 'refused', _(
                    'Operation %s: this operation id was already used by another user.')
                    % op_id)
            answer = self._dsa_answer(op_id, 'duplicate', stored['message'],
                                      json.loads(stored['result'] or '{}'))
            answer['first_status'] = stored['status']
            return answer
        status, message, result, task = self._dsa_run(op, op_id, assigned)
        values = {
            'op_id': op_id, 'user_id': self.env.uid, 'task_id': task.id or False,
            'op_type': self._dsa_known_type(op.get('type')) or False,
            'status': status, 'message': message,
            'result': json.dumps(result), 'at': self._dsa_parse_at(op.get('at')),
        }
        record = self.sudo().create(values)
        known[op_id] = {'op_id': op_id, 'user_id': (self.env.uid, ''), 'status': status,
                        'message': message, 'result': record.result}
        return self._dsa_answer(op_id, status, message, result)

    @api.model
    def _dsa_known_type(self, op_type):
        """``op_type`` if it is a type of operation this server knows."""
        return op_type if isinstance(op_type, str) and op_type in dict(OP_TYPES) else None

    @api.model
    def _dsa_answer(self, op_id, status, message, result=None):
        return {'id': op_id, 'status': status, 'message': message or None,
                'result': result or {}}

    @api.model
    def _dsa_parse_at(self, value):
        """The phone's time of the op, if it is a valid UTC datetime."""
        try:
            return fields.Datetime.to_string(fields.Datetime.from_string(value)) \
                if isinstance(value, str) and value else False
        except ValueError:
            return False

    @api.model
    def _dsa_run(self, op, op_id, assigned):
        """Check the op's type, intervention and assignment, then run it in a
        savepoint as the technician: (status, message, result, task)."""
        Task = self.env['project.task']
        op_type, task_id, data = op.get('type'), op.get('task_id'), op.get('data', {})
        if not self._dsa_known_type(op_type):
            return 'refused', _('Operation %s: unknown type "%s" (field "type").') % (
                op_id, op_type), {}, Task
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            return 'refused', _('Operation %s: the field "task_id" must be the id of an '
                                'intervention.') % op_id, {}, Task
        if not isinstance(data, dict):
            return 'refused', _('Operation %s: the field "data" must be an object.') % op_id, \
                {}, Task
        task = Task.browse(task_id)
        if task_id not in assigned:
            existing = task.sudo().exists()
            return 'refused', _('Operation %s: intervention %s is not assigned to you.') % (
                op_id, existing.name or task_id), {}, existing
        method = getattr(task, '_dsa_field_op_%s' % op_type, None)
        if method is None:
            return 'refused', _('Operation %s on intervention %s: this server cannot take '
                                'this operation ("%s") yet.') % (op_id, task.name, op_type), \
                {}, task
        try:
            with self.env.cr.savepoint():
                result = method(data, op)
        except except_orm as error:
            self.env.clear()
            return 'refused', _('Operation %s on intervention %s: %s') % (
                op_id, task.sudo().name, error.name), {}, task
        except psycopg2.IntegrityError:
            self.env.clear()
            return 'refused', _('Operation %s on intervention %s: the data refers to a '
                                'record that does not exist or breaks a database rule.') % (
                op_id, task.sudo().name), {}, task
        return 'done', None, result or {}, task
