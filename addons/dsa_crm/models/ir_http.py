from odoo import SUPERUSER_ID, models
from odoo.http import request

# the pictures of a partner that the web client shows as an avatar
AVATAR_FIELDS = ('image', 'image_medium', 'image_small')


class IrHttp(models.AbstractModel):
    """Avatars of colleagues for zone-restricted users (issue 10).

    Agents do not read their colleagues' partners (security/dsa_crm_rules.xml),
    but the chatter, the activities and the followers show the picture of the
    colleague who wrote or is assigned (/web/image/res.partner/<id>/image_small):
    an internal user gets the picture, and only the picture, of the partner of
    an internal user. Every other field and partner keeps the record rules,
    the picture's file name included."""
    _inherit = 'ir.http'

    @classmethod
    def binary_content(cls, xmlid=None, model='ir.attachment', id=None, field='datas',
                       unique=False, filename=None, filename_field='datas_fname',
                       download=False, mimetype=None, default_mimetype='application/octet-stream',
                       access_token=None, env=None):
        env = env or request.env
        if (model == 'res.partner' and id and not xmlid and field in AVATAR_FIELDS
                and env.user.has_group('base.group_user')
                and cls._dsa_is_colleague_partner(env, int(id))):
            env = env(user=SUPERUSER_ID)
            # the file name would otherwise come from any field the caller names
            # (?filename_field=email), read as superuser
            filename, filename_field = 'avatar.png', None
        return super(IrHttp, cls).binary_content(
            xmlid=xmlid, model=model, id=id, field=field, unique=unique, filename=filename,
            filename_field=filename_field, download=download, mimetype=mimetype,
            default_mimetype=default_mimetype, access_token=access_token, env=env)

    @classmethod
    def _dsa_is_colleague_partner(cls, env, partner_id):
        users = env['res.users'].sudo().with_context(active_test=False).search(
            [('partner_id', '=', partner_id), ('share', '=', False)], limit=1)
        return bool(users)
