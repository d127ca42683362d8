"""Every menu a role can open works for that role (issue 16).

For each role, a real user in its groups loads the menu tree as the web client
does (``ir.ui.menu.load_menus``) and opens every window action it reaches: the
default view is loaded, the records are searched with the action's domain and
context and read with the fields of that view, and the first record is read with
the fields of its form view, one-to-many and many-to-many lines included (what
the web client reads when the record is opened).  None of it may raise an
AccessError.  The homes of the apps each role gets are checked too."""
import datetime
import re
import time

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dsa_crm_tts.tests.common import DsaServiceZoneCase


def _menu_actions(menu, path=()):
    """(path, action reference) of every leaf of a load_menus tree."""
    path = path + (menu['name'],)
    if menu.get('action'):
        yield path, menu['action']
    for child in menu.get('children', []):
        yield from _menu_actions(child, path)


class TestRoleMenus(DsaServiceZoneCase):

    @classmethod
    def setUpClass(cls):
        super(TestRoleMenus, cls).setUpClass()
        env = cls.env
        cls.accountant = cls._user(
            't_accountant', [env.ref('dsa_accounting_bridge.group_import_user')])
        cls.portal = cls._user('t_portal', [env.ref('base.group_portal')],
                               partner_id=cls.contact_a.id)
        cls.roles = {
            'agent': cls.agent_a,
            'area manager': cls.manager,
            'direction': cls.direction,
            'technician': cls.technician,
            'service manager': cls.service_manager,
            'administration': cls.administration,
            'accountant': cls.accountant,
        }

    def _eval(self, user, expr):
        if not isinstance(expr, str):
            return expr or {}
        return safe_eval(expr, {
            'uid': user.id, 'user': user, 'time': time, 'datetime': datetime,
            'relativedelta': relativedelta, 'context_today': datetime.date.today,
            'active_id': False, 'active_ids': [], 'active_model': False,
        })

    def _menus(self, user):
        self.env['res.users'].invalidate_cache()
        tree = self.env['ir.ui.menu'].sudo(user).load_menus(debug=False)
        top = {}
        for app in tree['children']:
            top[app['name']] = list(_menu_actions(app))
        return top

    def _open(self, user, ref):
        """Open the window action ``ref`` as ``user`` as the web client does."""
        model, action_id = ref.split(',')
        action = self.env[model].sudo(user).browse(int(action_id)).read()[0]
        if model != 'ir.actions.act_window':
            return
        context = self._eval(user, action['context'])
        domain = self._eval(user, action['domain']) or []
        Model = self.env[action['res_model']].sudo(user).with_context(context)
        view_type = action['view_mode'].split(',')[0]
        view_id = dict((t, v) for v, t in action['views']).get(view_type) or False
        view = Model.fields_view_get(view_id=view_id, view_type=view_type)
        Model.load_views([[False, 'search']] + [[v, t] for v, t in action['views']])
        if Model.is_transient():
            Model.default_get(list(view['fields']))
            return
        records = Model.search(domain, limit=80)
        records.read(list(view['fields']))
        if records and 'form' in action['view_mode']:
            self._read_form(Model, records[:1])

    def _read_form(self, Model, record):
        form = Model.fields_view_get(view_type='form')
        values = record.read(list(form['fields']))[0]
        for name, field in form['fields'].items():
            if field['type'] not in ('one2many', 'many2many') or not values[name]:
                continue
            comodel = self.env[field['relation']].sudo(Model.env.uid)
            sub = field.get('views', {})
            for sub_view in sub.values():
                comodel.browse(values[name]).read(list(sub_view['fields']))

    def test_every_reachable_action_opens(self):
        failures = []
        for role, user in self.roles.items():
            for app, leaves in self._menus(user).items():
                for path, ref in leaves:
                    try:
                        self._open(user, ref)
                    except AccessError as e:
                        message = e.name.replace('\n', ' ')[-90:]
                        failures.append('%s: %s: %s' % (role, ' > '.join(path), message))
        self.assertFalse(failures, '\n'.join(failures))

    def test_app_homes_per_role(self):
        """Each role gets the app of its job, and not the apps that overlap it."""
        expected = {
            'agent': ({'Sales Force'}, {'Field Service', 'CRM', 'Sales', 'Accounting Imports'}),
            'area manager': ({'Sales Force'}, {'Field Service', 'CRM', 'Sales'}),
            'direction': ({'Sales Force', 'CRM', 'Sales'}, {'Field Service'}),
            'technician': ({'Field Service'}, {'Sales Force', 'CRM', 'Sales'}),
            'service manager': ({'Field Service'}, {'Sales Force', 'CRM', 'Sales'}),
            'administration': ({'Accounting Imports', 'Sales Force'}, {'Field Service', 'CRM'}),
            'accountant': ({'Accounting Imports'}, {'Sales Force', 'Field Service', 'CRM'}),
        }
        for role, (apps, others) in expected.items():
            top = set(self._menus(self.roles[role]))
            self.assertTrue(apps <= top, '%s: %s' % (role, sorted(top)))
            self.assertFalse(others & top, '%s: %s' % (role, sorted(top)))

    def test_one_menu_per_screen_and_role(self):
        """Imported invoices, supplier purchases and registered devices: one menu
        each for every role (no two apps holding the same list)."""
        admin_like = self._user('t_menu_admin', [self.env.ref('base.group_system'),
                                                 self.env.ref('dsa_crm.group_administration')])
        for role, user in dict(self.roles, admin=admin_like).items():
            names = [path[-1] for leaves in self._menus(user).values() for path, _r in leaves]
            for name in ('Imported invoices', 'Supplier purchases', 'Registered devices'):
                self.assertLessEqual(names.count(name), 1, '%s: %s' % (role, name))

    def test_sales_force_screens(self):
        """Pipeline opens as a kanban; Customers lists customers, not users."""
        pipeline = self.env.ref('dsa_crm.dsa_crm_menu_leads').action
        self.assertEqual(pipeline.view_mode.split(',')[0], 'kanban')
        action = self.env.ref('dsa_crm.res_partner_action_dsa_customers')
        customers = self.env['res.partner'].sudo(self.direction).search(
            self._eval(self.direction, action.domain))
        self.assertIn(self.cust_a, customers)
        self.assertFalse(customers & (self.agent_a | self.technician | self.direction)
                         .mapped('partner_id'))

    def test_every_dsa_action_has_help(self):
        """Every window action of the dsa_* addons says what belongs there and how
        it arrives (shown when the list is empty)."""
        data = self.env['ir.model.data'].search([
            ('model', '=', 'ir.actions.act_window'), ('module', '=like', 'dsa\\_%')])
        self.assertGreater(len(data), 30)
        missing = []
        for xmlid in data:
            action = self.env['ir.actions.act_window'].browse(xmlid.res_id)
            text = re.sub(r'<[^>]+>|\s', '', action.help or '')
            if not text:
                missing.append('%s.%s' % (xmlid.module, xmlid.name))
        self.assertFalse(missing)

    def test_portal_has_no_backend_menu(self):
        """Portal users are sent to /my: they cannot even load the backend menus."""
        with self.assertRaises(AccessError):
            self._menus(self.portal)
