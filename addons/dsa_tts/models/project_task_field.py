import base64
import binascii
from datetime import datetime, time, timedelta
from urllib.parse import quote

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, html_escape

from .dsa_intervention_material import ACTIONS

MAX_TASKS = 200
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_HOURS = 16.0
# the phone's clock may run a little ahead of the server's
CLOCK_SKEW = timedelta(minutes=5)
PHOTO_TYPES = {
    'image/jpeg': (b'\xff\xd8\xff',),
    'image/png': (b'\x89PNG\r\n\x1a\n',),
    'image/webp': (b'RIFF',),
}


class ProjectTask(models.Model):
    """The server side of the field app (issue 25, /field/api/*): the day's
    payload of a technician's assigned interventions, read in batches, and
    the operations the app queues, each run as the technician through the ORM
    (``_dsa_field_op_<type>``; the sync itself is ``dsa.field.op._dsa_sync``).

    "Assigned": the technician is the intervention's user or a member of its
    team. The backend lets technicians cover for each other; the field app
    shows and changes only what is assigned."""
    _inherit = 'project.task'

    # ------------------------------------------------------------------ assignment
    @api.model
    def _dsa_field_assigned_domain(self):
        uid = self.env.uid
        return [('dsa_is_intervention', '=', True),
                '|', ('user_id', '=', uid), ('dsa_team_id.member_ids', 'in', [uid])]

    @api.model
    def _dsa_field_assigned_ids(self, task_ids):
        """The ids among ``task_ids`` assigned to the current user (one query,
        as superuser: being assigned is what gives access here, and a task
        the user cannot read is simply not assigned)."""
        if not task_ids:
            return set()
        return set(self.sudo().search(
            [('id', 'in', list(task_ids))] + self._dsa_field_assigned_domain()).ids)

    @api.model
    def _dsa_field_day_domain(self, days):
        """Planned before today + ``days`` (overdue ones included), unplanned,
        and done but not signed (to sign on site)."""
        until = self._dsa_field_local_midnight(days)
        return self._dsa_field_assigned_domain() + [
            '|', '|',
            '&', ('dsa_state', '=', 'planned'), ('dsa_planned_start', '<', until),
            ('dsa_state', '=', 'draft'),
            '&', ('dsa_state', '=', 'done'), ('dsa_signed_on', '=', False)]

    @api.model
    def _dsa_field_tz(self):
        return pytz.timezone(self.env.user.tz or 'UTC')

    @api.model
    def _dsa_field_local_midnight(self, days=0):
        """The UTC string of midnight in the user's time zone, ``days`` from today."""
        tz = self._dsa_field_tz()
        today = datetime.now(pytz.utc).astimezone(tz).date() + timedelta(days=days)
        local = tz.localize(datetime.combine(today, time(0, 0)))
        return fields.Datetime.to_string(local.astimezone(pytz.utc))

    @api.model
    def _dsa_field_day(self, days=7):
        """The payload of /field/api/day for the current user."""
        tasks = self.search(self._dsa_field_day_domain(days),
                            order='dsa_planned_start, id', limit=MAX_TASKS)
        payload = tasks._dsa_field_payload(products=True)
        payload['days'] = days
        return payload

    # ------------------------------------------------------------------ payload
    @api.multi
    def _dsa_field_payload(self, products=False):
        """The interventions of ``self`` as the field app shows them, with
        their plants (the whole component history, for the configuration at a
        past date offline) and, with ``products``, the products to search
        offline. Every model is read once for all the tasks (batch reads): the
        number of queries does not grow with the number of interventions. No
        price or cost is read."""
        user = self.env.user
        tasks = self.with_context(lang=user.lang or 'en_US')
        env = tasks.env
        rows = tasks.read([
            'name', 'dsa_kind', 'dsa_state', 'dsa_planned_start', 'dsa_planned_end',
            'partner_id', 'dsa_plant_id', 'dsa_ticket_id', 'description', 'dsa_work_report',
            'dsa_report_state', 'dsa_signed_by', 'dsa_signed_on'] + (
            ['dsa_sign_mode'] if 'dsa_sign_mode' in self._fields else []))
        ids = [row['id'] for row in rows]
        plants = tasks._dsa_field_plants(rows)
        partners = tasks._dsa_field_partners(rows, plants)
        tickets = {t['id']: t for t in env['dsa.ticket'].browse(
            {row['dsa_ticket_id'][0] for row in rows if row['dsa_ticket_id']}).read(
            ['name', 'description'])}
        ticket_tasks = {}
        for row in rows:
            if row['dsa_ticket_id']:
                ticket_tasks.setdefault(row['dsa_ticket_id'][0], []).append(row['id'])
        children = tasks._dsa_field_children(ids, ticket_tasks)
        labels = tasks._dsa_field_labels()
        today = tasks._dsa_field_local_midnight()
        interventions = []
        for row in rows:
            item = tasks._dsa_field_item(row, plants, partners, tickets, labels, today)
            item.update({key: children[key].get(row['id'], []) for key in children})
            interventions.append(item)
        payload = {
            'user': {'id': user.id, 'name': user.name, 'lang': user.lang},
            'server_time': fields.Datetime.now(),
            'interventions': interventions,
            'plants': {str(pid): plant for pid, plant in plants.items()},
        }
        if products:
            payload['products'] = env['product.product']._dsa_field_products()
        return payload

    @api.model
    def _dsa_field_labels(self):
        """Translated labels of the selections the payload shows."""
        return {
            'kind': dict(self._fields['dsa_kind']._description_selection(self.env)),
            'state': dict(self._fields['dsa_state']._description_selection(self.env)),
            'action': dict(self.env['dsa.intervention.material']._fields['action']
                           ._description_selection(self.env)),
        }

    @api.model
    def _dsa_field_item(self, row, plants, partners, tickets, labels, today):
        """One intervention of the payload, from the rows read in batch."""
        ticket = tickets.get(row['dsa_ticket_id'] and row['dsa_ticket_id'][0]) or {}
        plant_id = row['dsa_plant_id'] and row['dsa_plant_id'][0]
        state = row['dsa_state']
        signed = bool(row['dsa_signed_on']) or row['dsa_report_state'] == 'signed'
        return {
            'id': row['id'], 'name': row['name'], 'ref': ticket.get('name') and
            '%s / %s' % (ticket['name'], row['name']) or row['name'],
            'kind': row['dsa_kind'], 'kind_label': labels['kind'].get(row['dsa_kind']),
            'state': state, 'state_label': labels['state'].get(state),
            'planned_start': row['dsa_planned_start'], 'planned_end': row['dsa_planned_end'],
            'overdue': state == 'planned' and bool(row['dsa_planned_start']) and
            row['dsa_planned_start'] < today,
            'unplanned': state == 'draft',
            'customer': self._dsa_field_customer(row, plants.get(plant_id), partners),
            'plant_id': plant_id or False,
            'ticket': ticket.get('name') or None,
            'description': (ticket.get('description') or
                            html2plaintext(row['description'] or '')).strip(),
            'work_report': row['dsa_work_report'] or '',
            'report_state': row['dsa_report_state'],
            'sign_mode': row.get('dsa_sign_mode', False),
            'signed_by': row['dsa_signed_by'] or False,
            'signable': state in ('draft', 'planned', 'done') and not signed and
            row['dsa_report_state'] != 'rejected',
            'backend_url': '/web#id=%s&model=project.task&view_type=form' % row['id'],
        }

    @api.model
    def _dsa_field_customer(self, row, plant, partners):
        """The customer (the plant's, else the task's company), the address
        (the plant's, else the customer's) and the contact to call."""
        task_partner = partners.get(row['partner_id'] and row['partner_id'][0]) or {}
        customer_id = (plant or {}).get('partner_id') or \
            task_partner.get('commercial_partner_id')
        customer = partners.get(customer_id) or task_partner
        contact = task_partner if task_partner.get('id') != customer.get('id') else \
            partners.get((plant or {}).get('contact_id')) or customer
        address = (plant or {}).get('address') or customer.get('address') or ''
        return {
            'name': customer.get('name') or '',
            'address': address,
            'maps_url': address and 'https://www.google.com/maps/search/?api=1&query=%s'
            % quote(address) or False,
            'contact': contact.get('name') or False,
            'phone': contact.get('phone') or customer.get('phone') or False,
            'mobile': contact.get('mobile') or customer.get('mobile') or False,
        }

    @api.model
    def _dsa_field_address(self, row, states):
        """"Via Roma 1, 20100 Milano MI" from a read row of a partner or plant."""
        state = states.get(row['state_id'] and row['state_id'][0]) or ''
        town = ' '.join(p for p in (row['zip'], row['city'], state) if p)
        return ', '.join(p for p in (row['street'], row['street2'], town) if p)

    @api.multi
    def _dsa_field_plants(self, rows):
        """The plants of the tasks with their whole component history."""
        env = self.env
        plant_ids = list({row['dsa_plant_id'][0] for row in rows if row['dsa_plant_id']})
        if not plant_ids:
            return {}
        addr = ['street', 'street2', 'zip', 'city', 'state_id']
        plant_rows = env['dsa.plant'].browse(plant_ids).read(
            ['name', 'code', 'partner_id', 'maintenance_contact_id'] + addr)
        components = env['dsa.plant.component'].search_read(
            [('plant_id', 'in', plant_ids)],
            ['plant_id', 'product_id', 'serial', 'date_installed', 'date_removed',
             'has_access_key'], order='date_installed, id')
        states = self._dsa_field_states(plant_rows)
        plants = {}
        for row in plant_rows:
            plants[row['id']] = {
                'id': row['id'], 'name': row['name'], 'code': row['code'] or '',
                'address': self._dsa_field_address(row, states),
                'partner_id': row['partner_id'] and row['partner_id'][0],
                'contact_id': row['maintenance_contact_id'] and row['maintenance_contact_id'][0],
                'components': []}
        for comp in components:
            plants[comp['plant_id'][0]]['components'].append({
                'id': comp['id'], 'product': comp['product_id'] and comp['product_id'][1],
                'product_id': comp['product_id'] and comp['product_id'][0],
                'serial': comp['serial'] or False, 'date_installed': comp['date_installed'],
                'date_removed': comp['date_removed'], 'has_access_key': comp['has_access_key']})
        return plants

    @api.model
    def _dsa_field_states(self, rows):
        """Province codes of the rows' states, read at once."""
        state_ids = {row['state_id'][0] for row in rows if row['state_id']}
        return {s['id']: s['code'] for s in
                self.env['res.country.state'].browse(state_ids).read(['code'])}

    @api.multi
    def _dsa_field_partners(self, rows, plants):
        """The task contacts, the plants' customers and contacts and their
        companies, read in two batches, with their formatted address."""
        Partner = self.env['res.partner']
        fnames = ['name', 'commercial_partner_id', 'street', 'street2', 'zip', 'city',
                  'state_id', 'phone', 'mobile']
        ids = {row['partner_id'][0] for row in rows if row['partner_id']}
        for plant in plants.values():
            ids |= {plant['partner_id'], plant['contact_id']}
        ids.discard(False)
        partner_rows = Partner.browse(ids).read(fnames)
        missing = {r['commercial_partner_id'][0] for r in partner_rows
                   if r['commercial_partner_id']} - ids
        partner_rows += Partner.browse(missing).read(fnames)
        states = self._dsa_field_states(partner_rows)
        partners = {}
        for row in partner_rows:
            partners[row['id']] = dict(
                row, address=self._dsa_field_address(row, states),
                commercial_partner_id=row['commercial_partner_id'] and
                row['commercial_partner_id'][0])
        return partners

    @api.multi
    def _dsa_field_children(self, ids, ticket_tasks=None):
        """Photos, timesheets and materials of the tasks ``ids`` by task, each
        model in one search_read. The photos are the intervention's and those
        of its service call (``ticket_tasks``: the task ids of each call), the
        call's first."""
        env = self.env
        ticket_tasks = ticket_tasks or {}
        result = {'photos': {}, 'timesheets': {}, 'materials': {}}
        labels = dict(env['dsa.intervention.material']._fields['action']
                      ._description_selection(env))
        domain = [('mimetype', 'in', list(PHOTO_TYPES)),
                  '|', '&', ('res_model', '=', 'dsa.ticket'), ('res_id', 'in', list(ticket_tasks)),
                  '&', ('res_model', '=', 'project.task'), ('res_id', 'in', ids)]
        attachments = env['ir.attachment'].search_read(
            domain, ['name', 'res_model', 'res_id'], order='id')
        for att in sorted(attachments, key=lambda a: a['res_model'] != 'dsa.ticket'):
            photo = {'id': att['id'], 'name': att['name'], 'url': '/web/image/%s' % att['id'],
                     'call': att['res_model'] == 'dsa.ticket'}
            task_ids = ticket_tasks.get(att['res_id'], []) if photo['call'] else [att['res_id']]
            for task_id in task_ids:
                result['photos'].setdefault(task_id, []).append(photo)
        for line in env['account.analytic.line'].search_read(
                [('task_id', 'in', ids)], ['task_id', 'date', 'name', 'unit_amount', 'user_id'],
                order='date, id'):
            result['timesheets'].setdefault(line['task_id'][0], []).append({
                'id': line['id'], 'date': line['date'], 'name': line['name'],
                'hours': line['unit_amount'], 'user': line['user_id'] and line['user_id'][1]})
        material_fields = ['task_id', 'action', 'product_id', 'quantity', 'uom_id',
                           'component_id', 'serial', 'applied']
        for line in env['dsa.intervention.material'].search_read(
                [('task_id', 'in', ids)], material_fields):
            result['materials'].setdefault(line['task_id'][0], []).append({
                'id': line['id'], 'action': line['action'],
                'action_label': labels.get(line['action']),
                'product_id': line['product_id'] and line['product_id'][0],
                'product': line['product_id'] and line['product_id'][1],
                'quantity': line['quantity'], 'uom': line['uom_id'] and line['uom_id'][1],
                'component_id': line['component_id'] and line['component_id'][0],
                'component': line['component_id'] and line['component_id'][1],
                'serial': line['serial'] or False, 'applied': line['applied']})
        return result

    # ------------------------------------------------------------------ operations
    @api.model
    def _dsa_field_get(self, data, key, kinds, required=True):
        """``data[key]`` checked against the Python types ``kinds``: a refusal
        naming the field otherwise."""
        value = data.get(key)
        if value is None or value == '':
            if required:
                raise UserError(_('the field "%s" is required.') % key)
            return None
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise UserError(_('the field "%s" has a value of the wrong type.') % key)
        return value

    @api.model
    def _dsa_field_datetime(self, data, key):
        """A UTC datetime field of the op's data ("YYYY-MM-DD HH:MM:SS")."""
        value = self._dsa_field_get(data, key, str)
        try:
            return fields.Datetime.from_string(value.replace('T', ' ')[:19])
        except ValueError:
            raise UserError(_('the field "%s" must be a UTC time "YYYY-MM-DD HH:MM:SS".')
                            % key)

    @api.multi
    def _dsa_field_op_work_start(self, data, op):
        """The timer runs on the phone: the start is only recorded (dsa.field.op)."""
        self.ensure_one()
        return {}

    @api.multi
    def _dsa_field_op_work_stop(self, data, op):
        """One timesheet line as the task form makes it (hr_timesheet): the
        task's project (its analytic account follows), the technician's
        employee and user, the day of the start in the user's time zone."""
        self.ensure_one()
        start = self._dsa_field_datetime(data, 'started_at')
        stop = self._dsa_field_datetime(data, 'stopped_at')
        description = self._dsa_field_get(data, 'description', str, required=False)
        if stop > datetime.utcnow() + CLOCK_SKEW:
            raise UserError(_('the field "stopped_at" is in the future.'))
        hours = (stop - start).total_seconds() / 3600.0
        if hours <= 0:
            raise UserError(_('the field "stopped_at" must be after "started_at".'))
        if hours > MAX_HOURS:
            raise UserError(_('%.1f hours of work at once: at most %d hours per line.')
                            % (hours, MAX_HOURS))
        employee = self.env['hr.employee'].search([('user_id', '=', self.env.uid)], limit=1)
        if not employee:
            raise UserError(_('your user has no employee: ask the office to link one, the '
                              'times are recorded on it.'))
        day = pytz.utc.localize(start).astimezone(self._dsa_field_tz()).date()
        line = self.env['account.analytic.line'].create({
            'name': (description or '').strip() or _('Work on site'),
            'task_id': self.id, 'project_id': self.project_id.id,
            'employee_id': employee.id, 'user_id': self.env.uid,
            'date': fields.Date.to_string(day), 'unit_amount': round(hours, 4),
        })
        return {'timesheet_id': line.id, 'hours': line.unit_amount}

    @api.multi
    def _dsa_field_op_activity(self, data, op):
        """An activity done: a new line of the work report."""
        self.ensure_one()
        text = self._dsa_field_get(data, 'text', str).strip()
        if not text:
            raise UserError(_('the field "text" is required.'))
        report = (self.dsa_work_report or '').rstrip('\n')
        self.write({'dsa_work_report': '%s\n%s' % (report, text) if report else text})
        return {}

    @api.multi
    def _dsa_field_op_material(self, data, op):
        """A material line, exactly as the backend's form records it."""
        self.ensure_one()
        action = self._dsa_field_get(data, 'action', str)
        if action not in dict(ACTIONS):
            raise UserError(_('the field "action" must be installed, replaced or removed.'))
        quantity = self._dsa_field_get(data, 'quantity', (int, float), required=False)
        if quantity is not None and quantity <= 0:
            raise UserError(_('the field "quantity" must be a positive number.'))
        values = {'task_id': self.id, 'action': action,
                  'quantity': quantity if quantity is not None else 1.0,
                  'serial': self._dsa_field_get(data, 'serial', str, required=False) or False}
        for key, model in (('product_id', 'product.product'),
                           ('component_id', 'dsa.plant.component')):
            record_id = self._dsa_field_get(data, key, int, required=False)
            if record_id and not self.env[model].browse(record_id).exists():
                raise UserError(_('the field "%s" names a record that does not exist.') % key)
            values[key] = record_id or False
        line = self.env['dsa.intervention.material'].create(values)
        return {'material_id': line.id}

    @api.multi
    def _dsa_field_op_material_delete(self, data, op):
        """Remove a material line of this intervention from its list."""
        self.ensure_one()
        line_id = self._dsa_field_get(data, 'material_id', int)
        line = self.env['dsa.intervention.material'].browse(line_id).exists()
        if not line or line.task_id != self:
            raise UserError(_('the field "material_id" is not a material line of this '
                              'intervention.'))
        line.unlink()
        return {}

    @api.multi
    def _dsa_field_op_photo(self, data, op):
        """A photo from the camera: an attachment of the intervention, JPEG,
        PNG or WebP (checked on the bytes, not only the declared type), at
        most 10 MB."""
        self.ensure_one()
        name = self._dsa_field_get(data, 'name', str)[:200]
        mimetype = self._dsa_field_get(data, 'mimetype', str)
        if mimetype not in PHOTO_TYPES:
            raise UserError(_('the field "mimetype" must be image/jpeg, image/png or '
                              'image/webp.'))
        encoded = self._dsa_field_get(data, 'data', str)
        if len(encoded) > MAX_PHOTO_BYTES * 4 // 3 + 4:
            raise UserError(_('the photo is larger than 10 MB.'))
        try:
            raw = base64.b64decode(encoded.split(',', 1)[-1], validate=True)
        except (binascii.Error, ValueError):
            raise UserError(_('the field "data" is not valid base64.'))
        if len(raw) > MAX_PHOTO_BYTES:
            raise UserError(_('the photo is larger than 10 MB.'))
        if not raw.startswith(PHOTO_TYPES[mimetype]) or \
                (mimetype == 'image/webp' and raw[8:12] != b'WEBP'):
            raise UserError(_('the field "data" is not an image of type %s.') % mimetype)
        attachment = self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'mimetype': mimetype,
            'datas': base64.b64encode(raw), 'res_model': 'project.task', 'res_id': self.id})
        return {'attachment_id': attachment.id, 'url': '/web/image/%s' % attachment.id}

    @api.multi
    def _dsa_field_op_note(self, data, op):
        """A note in the intervention's chatter, by the technician."""
        self.ensure_one()
        text = self._dsa_field_get(data, 'text', str).strip()
        if not text:
            raise UserError(_('the field "text" is required.'))
        message = self.message_post(
            body=html_escape(text).replace('\n', '<br/>'),
            message_type='comment', subtype='mail.mt_note')
        return {'message_id': message.id}

    @api.multi
    def _dsa_field_op_close(self, data, op):
        """Close the intervention, as the backend's button does."""
        self.ensure_one()
        self.action_dsa_done()
        return {'state': self.dsa_state}
