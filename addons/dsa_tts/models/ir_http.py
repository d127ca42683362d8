import logging

from werkzeug.exceptions import NotFound

from odoo import models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

_logger = logging.getLogger(__name__)


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _dsa_is_portal_page(cls):
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
        (``dsa_tts.portal_404``): one page for a record that does not exist and
        for one that the visitor may not read, so that it tells nothing."""
        if isinstance(exception, (AccessError, MissingError)) and cls._dsa_is_portal_page():
            exception = NotFound()
        if isinstance(exception, NotFound) and cls._dsa_is_portal_page() and request.uid:
            response = cls._dsa_portal_404()
            if response is not None:
                return response
        return super(IrHttp, cls)._handle_exception(exception)

    @classmethod
    def _dsa_portal_404(cls):
        """The styled 404 page, rendered now (None when it cannot be rendered,
        e.g. in a broken transaction: the caller then answers the bare 404)."""
        try:
            response = request.render('dsa_tts.portal_404', {'page_name': 'dsa_not_found'})
            response.flatten()
        except Exception:  # pylint: disable=broad-except
            _logger.warning('Portal 404 page could not be rendered', exc_info=True)
            return None
        response.status_code = 404
        return response
