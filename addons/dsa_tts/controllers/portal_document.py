import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class DsaDocumentPortal(CustomerPortal):
    """"My documents" on the customer portal (TTS-10): the signed reports of
    the customer's interventions and the documents of its service contracts.

    Portal users cannot read ir.attachment of those records themselves, so the
    list is computed by res.partner._dsa_portal_documents() for the user's own
    commercial partner only, and a download checks that the id is in that
    list: any other id, existing or not, answers 404.
    """

    def _dsa_documents(self):
        partner = request.env.user.partner_id
        return request.env['res.partner'].sudo()._dsa_portal_documents(partner)

    def _prepare_portal_layout_values(self):
        values = super(DsaDocumentPortal, self)._prepare_portal_layout_values()
        values['dsa_document_count'] = len(self._dsa_documents())
        return values

    @http.route(['/my/documents', '/my/documents/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_dsa_documents(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        documents = self._dsa_documents()
        pager = portal_pager(url='/my/documents', total=len(documents), page=page,
                             step=self._items_per_page)
        values.update({
            'documents': documents[pager['offset']:pager['offset'] + self._items_per_page],
            'page_name': 'dsa_document',
            'default_url': '/my/documents',
            'pager': pager,
        })
        return request.render('dsa_tts.portal_my_dsa_documents', values)

    @http.route(['/my/documents/<int:attachment_id>'], type='http', auth='user')
    def portal_my_dsa_document(self, attachment_id, **kw):
        documents = self._dsa_documents()
        if attachment_id not in documents.ids:
            raise NotFound()
        document = documents.browse(attachment_id)
        content = base64.b64decode(document.datas or b'')
        filename = document.datas_fname or document.name
        return request.make_response(content, headers=[
            ('Content-Type', document.mimetype or 'application/octet-stream'),
            ('Content-Length', len(content)),
            ('Content-Disposition', content_disposition(filename)),
        ])
