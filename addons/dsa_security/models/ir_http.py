"""The HTTP layer's denials: one answer for what a visitor may not see.

* Customer portal pages (``/my/...``): a record that the visitor may not read
  answers the same styled 404 as a record that does not exist.
* Avatars (``/web/image/res.partner/<id>/image_small``): an internal user
  whose record rules hide colleagues' partners (the sales force's zones) still
  gets their pictures, and only their pictures, for the chatter, activities
  and followers."""
import logging

from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.base.ir.ir_qweb.qweb import QWebException

_logger = logging.getLogger(__name__)

# the pictures of a partner that the web client shows as an avatar
AVATAR_FIELDS = ('image', 'image_medium', 'image_small')


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    # ------------------------------------------------------------------ /my 404

    @classmethod
    def _dsa_is_portal_page(cls):
        """Whether the current request is an HTTP page of the customer portal."""
        return bool(request) and getattr(request, 'httprequest', None) is not None \
            and request.httprequest.path.startswith('/my') \
            and getattr(request, '_request_type', None) == 'http'

    @classmethod
    def _handle_exception(cls, exception):
        """Customer portal pages (/my/...) answer 404, not a server error, when
        the visitor may not read what they show: e.g. an employee without
        invoicing rights on /my/home, whose layout counts invoices. Without the
        website module, Odoo 11 turns an AccessError of an HTTP page into a 500.

        The 404 of a logged-in visitor is the portal's own page
        (``dsa_security.portal_404``): one page for a record that does not exist
        and for one that the visitor may not read, so that it tells nothing."""
        if cls._dsa_is_denial(exception) and cls._dsa_is_portal_page():
            exception = NotFound()
        if isinstance(exception, NotFound) and cls._dsa_is_portal_page() and request.uid:
            response = cls._dsa_portal_404()
            if response is not None:
                return response
        return super(IrHttp, cls)._handle_exception(exception)

    @classmethod
    def _dsa_is_denial(cls, exception):
        """Whether ``exception`` says that a record may not be read or does not
        exist, raised by the controller or while its template was rendered: a
        page renders lazily, and QWeb wraps the error of a field it reads (a
        missing task on project's /my/task/<id> was a 500, an existence test)."""
        while isinstance(exception, QWebException) and exception.error is not None:
            exception = exception.error
        return isinstance(exception, (AccessError, MissingError))

    @classmethod
    def _dsa_portal_404(cls):
        """The styled 404 page, rendered now (None when it cannot be rendered,
        e.g. in a broken transaction: the caller then answers the bare 404)."""
        try:
            response = request.render('dsa_security.portal_404', {'page_name': 'dsa_not_found'})
            response.flatten()
        except Exception:  # pylint: disable=broad-except
            _logger.warning('Portal 404 page could not be rendered', exc_info=True)
            return None
        response.status_code = 404
        return response

    # ------------------------------------------------------------------ avatars

    @classmethod
    def binary_content(cls, xmlid=None, model='ir.attachment', id=None, field='datas',
                       unique=False, filename=None, filename_field='datas_fname',
                       download=False, mimetype=None, default_mimetype='application/octet-stream',
                       access_token=None, env=None):
        """An internal user gets the picture, and only the picture, of the
        partner of an internal user (a colleague), even when record rules hide
        that partner (issue 10: agents do not read their colleagues' partners).
        Every other field and partner keeps the record rules, the picture's
        file name included."""
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
        """Whether ``partner_id`` is the partner of an internal user (active or
        not: an archived colleague's messages still show their picture)."""
        users = env['res.users'].sudo().with_context(active_test=False).search(
            [('partner_id', '=', partner_id), ('share', '=', False)], limit=1)
        return bool(users)
