import base64

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase

# a 1x1 PNG
PIXEL = (b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9'
         b'awAAAABJRU5ErkJggg==')


@at_install(False)
@post_install(True)
class TestColleagueAvatars(DsaHttpCase):
    """models/ir_http.py: an employee whose record rules hide their colleagues'
    partners (as the sales force's zones do) gets, over /web/image, the picture
    of a colleague and nothing else: no other field of that partner, no
    picture of a partner that is not a colleague, no file name taken from a
    field the caller names."""

    def setUp(self):
        super(TestColleagueAvatars, self).setUp()
        # a group that reads only its own partner, like an agent of a zone
        # (a global rule: group rules add up, and employees read every partner)
        self.blinkered = self.env['res.groups'].create({'name': 'Sec avatar blinkered'})
        self.env['ir.rule'].create({
            'name': 'Sec avatar: own partner only',
            'model_id': self.env['ir.model']._get('res.partner').id,
            'domain_force': "[('id', 'in', [user.partner_id.id, user.company_id.partner_id.id])] "
                            "if %d in user.groups_id.ids else []" % self.blinkered.id})
        self.employee = self.make_user('sec_avatar_employee', ['base.group_user'])
        self.employee.groups_id |= self.blinkered
        self.colleague = self.make_user('sec_avatar_colleague', ['base.group_user'])
        self.colleague.partner_id.write({'image': PIXEL,
                                         'email': 'zeta.avatar.secret@example.com'})
        self.customer = self.env['res.partner'].create({'name': 'Sec Avatar Customer',
                                                        'image': PIXEL})

    def _image(self, partner, field, **params):
        query = '&'.join('%s=%s' % item for item in sorted(params.items()))
        return self.url_open('/web/image/res.partner/%s/%s?%s' % (partner.id, field, query))

    def test_colleague_partner_is_hidden_by_the_rule(self):
        """The set-up holds: the ORM refuses the colleague's partner."""
        with self.assertRaises(AccessError):
            self.colleague.partner_id.sudo(self.employee).read(['name'])

    def test_colleague_picture_only(self):
        self.authenticate('sec_avatar_employee', 'sec_avatar_employee')
        colleague = self.colleague.partner_id
        response = self._image(colleague, 'image_small')
        self.assertEqual(response.status_code, 200)
        small = base64.b64decode(colleague.image_small)
        self.assertEqual(response.content, small)
        for partner, field in ((colleague, 'email'), (colleague, 'name'),
                               (self.customer, 'image_small'), (self.customer, 'image')):
            response = self._image(partner, field)
            self.assertEqual(response.status_code, 403, (partner.name, field))
            self.assertNotIn(b'zeta.avatar.secret', response.content)
            self.assertNotEqual(response.content, small, (partner.name, field))

    def test_picture_file_name_tells_nothing(self):
        """The picture is read as superuser: the file name does not come from a
        field named by the caller (?filename_field=email&download=1)."""
        self.authenticate('sec_avatar_employee', 'sec_avatar_employee')
        response = self.url_open(
            '/web/content/res.partner/%s/image_small?filename_field=email&download=1'
            % self.colleague.partner_id.id)
        self.assertEqual(response.status_code, 200)
        disposition = response.headers.get('Content-Disposition', '')
        self.assertIn('avatar.png', disposition)
        self.assertNotIn('zeta.avatar.secret', disposition)

    def test_portal_user_gets_no_hidden_picture(self):
        """The exception is for employees: a portal user keeps the rules."""
        self.make_user('sec_avatar_portal', ['base.group_portal'])
        self.authenticate('sec_avatar_portal', 'sec_avatar_portal')
        response = self._image(self.customer, 'image_small')
        self.assertEqual(response.status_code, 403)
