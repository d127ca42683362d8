from odoo.tests.common import SavepointCase, at_install, post_install

# a 1x1 PNG: the smallest valid drawn signature
PNG_B64 = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
           '60e6kgAAAABJRU5ErkJggg==')


def make_service_data(case):
    """Users, team, customer, plant with components: built in the test, no demo."""
    env = case.env
    Users = env['res.users'].with_context(no_reset_password=True)
    tech_group = env.ref('dsa_tts.group_technician')
    case.manager = Users.create({
        'name': 'Dispatcher Dora', 'login': 'svc_manager', 'email': 'dora@dsa.example.com',
        'groups_id': [(6, 0, [env.ref('dsa_tts.group_manager').id])]})
    case.tech1 = Users.create({
        'name': 'Tecnico Tino', 'login': 'svc_tech1', 'email': 'tino@dsa.example.com',
        'groups_id': [(6, 0, [tech_group.id])]})
    case.tech2 = Users.create({
        'name': 'Tecnica Tina', 'login': 'svc_tech2', 'email': 'tina@dsa.example.com',
        'groups_id': [(6, 0, [tech_group.id])]})
    case.tech3 = Users.create({
        'name': 'Tecnico Ugo', 'login': 'svc_tech3', 'email': 'ugo@dsa.example.com',
        'groups_id': [(6, 0, [tech_group.id])]})
    case.employee1 = env['hr.employee'].create({'name': 'Tecnico Tino', 'user_id': case.tech1.id})
    case.team_north = env['dsa.team'].create({
        'name': 'North squad', 'leader_id': case.tech1.id,
        'member_ids': [(6, 0, [case.tech1.id, case.tech2.id])]})
    case.team_south = env['dsa.team'].create({
        'name': 'South squad', 'member_ids': [(6, 0, [case.tech3.id])]})
    case.customer = env['res.partner'].create({
        'name': 'Service Customer Spa', 'is_company': True, 'email': 'info@svc.example.com'})
    case.contact = env['res.partner'].create({
        'name': 'Carla Contact', 'parent_id': case.customer.id,
        'email': 'carla@svc.example.com'})
    case.plant = env['dsa.plant'].create({
        'name': 'Fire alarm HQ', 'partner_id': case.customer.id,
        'maintenance_contact_id': case.contact.id, 'city': 'Modena'})
    Product = env['product.product']
    case.panel = Product.create({'name': 'Fire panel FP-2', 'type': 'consu',
                                 'list_price': 800.0, 'standard_price': 500.0})
    case.detector = Product.create({'name': 'Smoke detector', 'type': 'consu',
                                    'list_price': 40.0, 'standard_price': 25.0})
    case.siren = Product.create({'name': 'Siren', 'type': 'consu',
                                 'list_price': 120.0, 'standard_price': 70.0})
    Component = env['dsa.plant.component']
    case.old_panel = Component.create({
        'plant_id': case.plant.id, 'product_id': case.panel.id, 'serial': 'FP-OLD',
        'date_installed': '2019-03-01'})
    case.old_detector = Component.create({
        'plant_id': case.plant.id, 'product_id': case.detector.id, 'serial': 'SD-1',
        'date_installed': '2019-03-01'})
    case.ticket = env['dsa.ticket'].create({
        'subject': 'Panel fault', 'partner_id': case.contact.id, 'plant_id': case.plant.id,
        'channel': 'phone', 'description': 'Fault light on.'})


@at_install(False)
@post_install(True)
class ServiceCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(ServiceCase, cls).setUpClass()
        make_service_data(cls)
        # the customer's portal user: the only one who signs or rejects its reports
        cls.portal_user = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Carla Portal', 'login': 'svc_portal_sign', 'partner_id': cls.contact.id,
            'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])]})

    def _new_intervention(self, **vals):
        action = self.ticket.sudo(self.manager).action_plan_intervention()
        task = self.env['project.task'].browse(action['res_id'])
        values = {
            'dsa_team_id': self.team_north.id,
            'dsa_planned_start': '2026-11-02 08:00:00',
            'dsa_planned_end': '2026-11-02 12:00:00',
        }
        values.update(vals)
        task.sudo(self.manager).write(values)
        return task

    def _mails(self, task, subject_part):
        mails = self.env['mail.mail'].search([
            ('model', '=', 'project.task'), ('res_id', '=', task.id)])
        return mails.filtered(lambda m: subject_part in (m.subject or ''))
