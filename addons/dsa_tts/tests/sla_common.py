"""Shared set-up of the service-level tests (issue 26): a calendar of its own
(Monday to Friday 8-12 and 13-17, Rome time, 8 December a public holiday),
a company default service level and a stricter one, a technician, a service
manager and a customer with a plant. Nothing from the demo data."""
from contextlib import contextmanager
from datetime import datetime

import pytz
from unittest.mock import patch

from odoo.addons.dsa_tts.models import dsa_ticket_sla

ROME = pytz.timezone('Europe/Rome')


def rome(*args):
    """A Rome wall-clock time as the naive UTC datetime that Odoo stores."""
    return ROME.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def rome_str(*args):
    return rome(*args).strftime('%Y-%m-%d %H:%M:%S')


@contextmanager
def clock(*args):
    """Run the block as if the time were ``args`` in Rome."""
    moment = rome(*args)
    with patch.object(dsa_ticket_sla, '_now', lambda: moment):
        yield moment


def make_sla_data(case):
    env = case.env
    Users = env['res.users'].with_context(no_reset_password=True)
    case.sla_manager = Users.create({
        'name': 'Serena Service', 'login': 'sla_manager', 'email': 'serena@dsa.example.com',
        'groups_id': [(6, 0, [env.ref('dsa_tts.group_manager').id])]})
    case.sla_tech = Users.create({
        'name': 'Tito Tecnico', 'login': 'sla_tech', 'email': 'tito@dsa.example.com',
        'groups_id': [(6, 0, [env.ref('dsa_tts.group_technician').id])]})
    attendances = [(0, 0, {'name': 'd%s %s' % (day, start), 'dayofweek': str(day),
                           'hour_from': start, 'hour_to': start + 4})
                   for day in range(5) for start in (8, 13)]
    case.calendar = env['resource.calendar'].create({
        'name': 'SLA test hours', 'attendance_ids': [(5, 0, 0)] + attendances})
    env['resource.calendar.leaves'].create({
        'name': 'Immacolata', 'calendar_id': case.calendar.id, 'tz': 'Europe/Rome',
        'date_from': rome_str(2026, 12, 8, 0, 0), 'date_to': rome_str(2026, 12, 8, 23, 59, 59)})

    def policy(name, targets):
        return env['dsa.sla.policy'].create({
            'name': name, 'calendar_id': case.calendar.id, 'tz': 'Europe/Rome',
            'warn_share': 80,
            'target_ids': [(0, 0, {'priority': p, 'response_hours': r, 'resolution_hours': s})
                           for p, r, s in targets]})
    case.policy_std = policy('SLA standard', [
        ('0', 8, 40), ('1', 4, 16), ('2', 2, 8), ('3', 1, 4)])
    case.policy_gold = policy('SLA gold', [
        ('0', 4, 16), ('1', 2, 8), ('2', 1, 4), ('3', 1, 2)])
    env.user.company_id.write({'dsa_sla_policy_id': case.policy_std.id,
                               'dsa_sla_manager_id': case.sla_manager.id})
    case.stage_new = env.ref('dsa_tts.dsa_ticket_stage_new')
    case.stage_progress = env.ref('dsa_tts.dsa_ticket_stage_in_progress')
    case.stage_waiting = env.ref('dsa_tts.dsa_ticket_stage_waiting')
    case.stage_solved = env.ref('dsa_tts.dsa_ticket_stage_solved')
    case.stage_waiting.sla_pause = True
    case.sla_customer = env['res.partner'].create({
        'name': 'Orologi Puntuali Srl', 'is_company': True, 'email': 'info@puntuali.example.com'})
    case.sla_contact = env['res.partner'].create({
        'name': 'Paola Puntuale', 'parent_id': case.sla_customer.id,
        'email': 'paola@puntuali.example.com'})
    case.sla_plant = env['dsa.plant'].create({
        'name': 'Clock tower alarm', 'partner_id': case.sla_customer.id, 'city': 'Parma'})


def new_call(case, at, priority='1', **vals):
    """A call opened at ``at`` (Rome wall-clock tuple) by the technician."""
    values = {'subject': 'Clock stopped', 'partner_id': case.sla_contact.id,
              'plant_id': case.sla_plant.id, 'channel': 'phone', 'priority': priority,
              'user_id': case.sla_tech.id}
    values.update(vals)
    with clock(*at):
        return case.env['dsa.ticket'].sudo(case.sla_tech).create(values)
