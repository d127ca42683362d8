"""Set-up shared by dsa_crm_tts's tests (not a test module)."""
from odoo.addons.dsa_crm.tests.common import DsaCrmZoneCase
from odoo.addons.dsa_tts.tests.common import install_component


class DsaServiceZoneCase(DsaCrmZoneCase):
    """The zones, users and customers of dsa_crm's tests, plus a technician, a
    service manager and, for the customers of zones Nord and Sud each: a plant
    with a component, a service call, a planned intervention (with its calendar
    event), a service contract and an activity on the plant."""

    @classmethod
    def setUpClass(cls):
        super(DsaServiceZoneCase, cls).setUpClass()
        env = cls.env
        cls.technician = cls._user('t_technician', [env.ref('dsa_tts.group_technician')])
        cls.service_manager = cls._user('t_service_manager', [env.ref('dsa_tts.group_manager')])
        # a salesman who also works as a technician: the technician wins
        cls.agent_technician = cls._user(
            't_agent_technician', [cls.group_agent, env.ref('dsa_tts.group_technician')],
            dsa_zone_ids=[(6, 0, cls.zone_nord.ids)])
        cls.team = env['dsa.team'].create({
            'name': 'Zeta squad', 'member_ids': [(6, 0, cls.technician.ids)]})
        cls.product = env['product.product'].create({'name': 'Zeta panel', 'type': 'consu'})
        for key, customer, contact in (('a', cls.cust_a, cls.contact_a),
                                       ('b', cls.cust_b, cls.contact_b)):
            setattr(cls, 'svc_%s' % key, cls._service_data(key.upper(), customer, contact))

    @classmethod
    def _service_data(cls, key, customer, contact):
        env = cls.env
        plant = env['dsa.plant'].create({
            'name': 'Zeta plant %s' % key, 'partner_id': customer.id, 'city': 'Zeta'})
        component = install_component(plant, cls.product, 'ZETA-%s' % key, '2020-01-01')
        ticket = env['dsa.ticket'].create({
            'subject': 'Zeta call %s' % key, 'partner_id': contact.id,
            'plant_id': plant.id, 'channel': 'phone'})
        action = ticket.sudo(cls.service_manager).action_plan_intervention()
        task = env['project.task'].browse(action['res_id'])
        task.sudo(cls.service_manager).write({
            'name': 'Zeta intervention %s' % key, 'dsa_team_id': cls.team.id,
            'dsa_planned_start': '2026-11-02 08:00:00',
            'dsa_planned_end': '2026-11-02 12:00:00'})
        task.sudo(cls.service_manager).action_dsa_plan()
        contract = env['dsa.service.contract'].create({
            'partner_id': customer.id, 'plant_ids': [(6, 0, plant.ids)]})
        activity = env['mail.activity'].create({
            'res_model_id': env['ir.model']._get('dsa.plant').id, 'res_id': plant.id,
            'summary': 'Zeta activity %s' % key, 'user_id': cls.technician.id,
            'activity_type_id': env.ref('mail.mail_activity_data_todo').id})
        return {'plant': plant, 'component': component, 'ticket': ticket, 'task': task,
                'event': task.dsa_event_id, 'contract': contract, 'activity': activity}
