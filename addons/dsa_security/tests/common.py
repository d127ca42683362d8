"""Set-up shared by dsa_security's tests (not a test module). The HTTP and
XML-RPC bases (DsaHttpCase, RpcCase) are every addon's: dsa_base/tests/common.py."""
from xmlrpc import client as xmlrpclib

from odoo.api import call_kw
from odoo.exceptions import AccessError
from odoo.models import BaseModel
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import FAULT_ACCESS_ERROR, RpcCase, make_user

PLANNED_BODY = '<p>Intervention planned at Cliente Vittima: alarm code 4711.</p>'


@at_install(False)
@post_install(True)
class MailQueueCase(RpcCase):
    """A customer's queued email and a pending invitation; attackers who are a
    portal customer of another company, a sales agent and a technician.

    Odoo 11 serves a test's HTTP requests on the registry's test cursor: the
    data is built there, so that XML-RPC sees it (rolled back at the end)."""

    def setUp(self):
        super(MailQueueCase, self).setUp()
        env = self.env
        self.invitations = {}
        Partner = env['res.partner']
        zone = env['dsa.zone'].create({'name': 'Sud', 'code': 'T-SUD-MAIL'})
        victim = Partner.create({'name': 'Cliente Vittima Srl', 'is_company': True,
                                 'customer': True, 'dsa_zone_id': zone.id})
        self.victim_contact = Partner.create({
            'name': 'Vera Vittima', 'parent_id': victim.id, 'email': 'vera@vittima.example.com',
            'customer': True, 'dsa_zone_id': zone.id})
        other = Partner.create({'name': 'Altra Azienda SpA', 'is_company': True})
        attacker_contact = Partner.create({
            'name': 'Aldo Altra', 'parent_id': other.id, 'email': 'aldo@altra.example.com'})
        colleague = Partner.create({
            'name': 'Alba Altra', 'parent_id': other.id, 'email': 'alba@altra.example.com'})
        self.portal = self._user('sec_mail_portal', 'base.group_portal', attacker_contact)
        # an agent of the victim's zone, a technician
        self.agent = self._user('sec_mail_agent', 'dsa_crm.group_agent',
                                dsa_zone_ids=[(6, 0, zone.ids)])
        self.technician = self._user('sec_mail_tech', 'dsa_tts.group_technician')
        self.attackers = self.portal | self.agent | self.technician
        # the suite's templates keep their mails (auto_delete=False)
        template = env['mail.template'].create({
            'name': 'Intervention planned (test)', 'model_id': env.ref('base.model_res_partner').id,
            'subject': 'Intervention planned', 'body_html': PLANNED_BODY,
            'email_from': 'service@dsa.example.com', 'partner_to': '${object.id}',
            'auto_delete': False})
        self.planned = env['mail.mail'].browse(template.sudo().send_mail(self.victim_contact.id))
        # customers invited to the portal, their invitations still in the queue:
        # the victim's contact, and a colleague of the portal attacker
        self.invited = self._invite(self.victim_contact)
        self.invited_colleague = self._invite(colleague)
        self.token = self.invited.partner_id.signup_token
        self.invitation = self.invitations[self.invited]
        self.targets = {self.portal: self.invited_colleague, self.agent: self.invited,
                        self.technician: self.invited}
        # what TestCursor.commit() does at the end of every request
        self.rpc_sync()
        # user ids come back from one test to the next: forget what the
        # server cached about the previous ones (groups, device policy)
        self.registry.clear_caches()

    def _user(self, login, group, partner=None, **vals):
        return make_user(self.env, login, [group], partner, name=login, **vals)

    def _invite(self, partner):
        """A portal user for ``partner``, its invitation queued and not yet sent."""
        user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': partner.name, 'login': partner.email, 'partner_id': partner.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        partner.signup_prepare(signup_type='signup')
        mail_id = self.env.ref('auth_signup.set_password_email').send_mail(user.id)
        self.invitations[user] = self.env['mail.mail'].browse(mail_id)
        return user

    def _rpc(self, user, model, method, *args, **kwargs):
        """Call ``method`` as ``user`` over XML-RPC. Agents need a registered
        device for XML-RPC (dsa_auth_device): their calls go through the
        dispatcher the RPC layers call, odoo.api.call_kw, as that user."""
        if user._dsa_device_policy() == 'required':
            return self._call_kw(user, model, method, *args, **kwargs)
        return self.rpc(user, model, method, *args, **kwargs)

    def _call_kw(self, user, model, method, *args, **kwargs):
        """What the web client's /web/dataset/call_kw (JSON-RPC) runs."""
        result = call_kw(self.env[model].sudo(user), method, list(args), dict(kwargs))
        return result.ids if isinstance(result, BaseModel) else result

    def _refused(self, user, model, method, *args, **kwargs):
        what = '%s %s.%s' % (user.login, model, method)
        try:
            self._rpc(user, model, method, *args, **kwargs)
        except xmlrpclib.Fault as fault:
            # Odoo's XML-RPC fault code of an AccessError
            self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR,
                             '%s: %s' % (what, fault.faultString))
        except AccessError:
            pass
        else:
            self.fail('%s was not refused' % what)
