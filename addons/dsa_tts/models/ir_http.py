from werkzeug.exceptions import NotFound

from odoo import models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _handle_exception(cls, exception):
        """Customer portal pages (/my/...) answer 404, not a server error, when
        the visitor may not read what they show: e.g. an employee without
        invoicing rights on /my/home, whose layout counts invoices. Without the
        website module, Odoo 11 turns an AccessError of an HTTP page into a 500."""
        if isinstance(exception, (AccessError, MissingError)) and request \
                and getattr(request, 'httprequest', None) is not None \
                and request.httprequest.path.startswith('/my') \
                and getattr(request, '_request_type', None) == 'http':
            exception = NotFound()
        return super(IrHttp, cls)._handle_exception(exception)
