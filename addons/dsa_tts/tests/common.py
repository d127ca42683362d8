"""Set-up shared by dsa_tts's tests (not a test module): the service data
(users of each service group, teams, a customer with a plant and a call),
``ServiceCase`` on it, and ``ServiceHttpCase``, the same data where the test
HTTP server sees it, with portal customers and done interventions."""
from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase

# a 1x1 PNG: the smallest valid drawn signature
PNG_B64 = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
           '60e6kgAAAABJRU5ErkJggg==')


def install_component(plant, product, serial, date, **vals):
    """A component of ``product`` installed on ``plant`` at ``date``, by the
    user of ``plant``'s environment."""
    return plant.env['dsa.plant.component'].create(dict({
        'plant_id': plant.id, 'product_id': product.id, 'serial': serial,
        'date_installed': date}, **vals))


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
    case.old_panel = install_component(case.plant, case.panel, 'FP-OLD', '2019-03-01')
    case.old_detector = install_component(case.plant, case.detector, 'SD-1', '2019-03-01')
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


def make_other_customer(case, name='Other Customer Snc', contact_name='Otto Other',
                        email='otto@other.example.com', plant_name='Other plant'):
    """A second customer (``other_customer``), its contact and, unless
    ``plant_name`` is empty, its plant: the victim or the stranger of the
    attack tests."""
    Partner = case.env['res.partner']
    case.other_customer = Partner.create({'name': name, 'is_company': True})
    case.other_contact = Partner.create({
        'name': contact_name, 'parent_id': case.other_customer.id, 'email': email})
    if plant_name:
        case.other_plant = case.env['dsa.plant'].create({
            'name': plant_name, 'partner_id': case.other_customer.id,
            'maintenance_contact_id': case.other_contact.id})
    return case.other_contact


def plan_intervention(case, ticket, start='2026-11-02 08:00:00', **vals):
    """The intervention of ``ticket``, planned for the north team from
    ``start`` for four hours (``vals`` adds to it)."""
    action = ticket.action_plan_intervention()
    task = case.env['project.task'].browse(action['res_id'])
    values = {'dsa_team_id': case.team_north.id, 'dsa_planned_start': start,
              'dsa_planned_end': start.replace('08:', '12:')}
    values.update(vals)
    task.write(values)
    task.action_dsa_plan()
    return task


def done_intervention(case, timesheet=True):
    """The intervention of the customer's call, done and waiting for the
    customer's signature (with an hour of the first technician)."""
    task = plan_intervention(case, case.ticket, dsa_work_report='Panel checked.')
    if timesheet:
        case.env['account.analytic.line'].create({
            'name': 'Check', 'task_id': task.id, 'project_id': task.project_id.id,
            'employee_id': case.employee1.id, 'unit_amount': 1.0})
    task.action_dsa_done()
    return task


@at_install(False)
@post_install(True)
class ServiceHttpCase(DsaHttpCase):
    """The service data (``make_service_data``) on the cursor the test HTTP
    server reads, and helpers to add portal customers and to sign."""

    def setUp(self):
        super(ServiceHttpCase, self).setUp()
        make_service_data(self)

    def portal_user(self, login, contact=None, name='Carla Portal'):
        """A portal user of ``contact`` (the customer's contact by default),
        password = login."""
        return self.make_user(login, ['base.group_portal'], contact or self.contact, name=name)

    def report_action(self, task, action, **data):
        """POST ``action`` (sign, reject) on ``task``'s portal page as the
        logged-in user. First what a request does at its end (TestCursor.commit):
        the changes made so far survive a request that fails and rolls back."""
        self.env.cr.commit()  # pylint: disable=invalid-commit
        token = self.csrf('/my/intervention/%s' % task.id)
        return self.url_open('/my/intervention/%s/%s' % (task.id, action),
                             data=dict(data, csrf_token=token))

    def sign(self, task, signer):
        """Sign ``task``'s report with a drawn signature, as the logged-in user."""
        return self.report_action(task, 'sign', signer=signer,
                                  signature='data:image/png;base64,' + PNG_B64)

    def reject(self, task, reason, **data):
        """Reject ``task``'s report, as the logged-in user."""
        return self.report_action(task, 'reject', reason=reason, **data)


@at_install(False)
@post_install(True)
class SignoffHttpCase(ServiceHttpCase):
    """A done intervention of a customer with two portal users, over real HTTP
    (set-up shared by the sign-off tests over HTTP)."""

    def setUp(self):
        super(SignoffHttpCase, self).setUp()
        Partner = self.env['res.partner']
        self.colleague = Partner.create({
            'name': 'Paola Colleague', 'parent_id': self.customer.id,
            'email': 'paola@svc.example.com'})
        self.colleague_user = self.portal_user('svc_colleague', self.colleague,
                                               name='Paola Colleague')
        self.insider = Partner.create({
            'name': 'Ivo Insider', 'parent_id': self.customer.id,
            'email': 'ivo@svc.example.com'})
        self.insider_user = self.make_user('svc_insider', ['base.group_user'], self.insider,
                                           name='Ivo Insider')
        # a done intervention of the customer, whose contact is Carla, not Paola
        self.task = done_intervention(self)
