import base64

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.dsa_security.controllers.portal_access import DsaPortalAccess
from odoo.addons.portal.controllers.portal import pager as portal_pager


class DsaDocumentPortal(DsaPortalAccess):
    """"My documents" on the customer portal (TTS-10): the signed reports of
    the customer's interventions and the documents of its service contracts.

    Portal users cannot read ir.attachment of those records themselves: the
    model says which files its customers see (``_dsa_portal_domain``, from
    res.partner._dsa_portal_documents() for the user's own commercial partner
    only), and the suite's one portal access check applies it (dsa_security,
    DsaPortalAccess): any other id, existing or not, answers 404.
    """

    def _prepare_portal_layout_values(self):
        values = super(DsaDocumentPortal, self)._prepare_portal_layout_values()
        values['dsa_document_count'] = self._dsa_portal_search('ir.attachment', count=True)
        return values

    @http.route(['/my/documents', '/my/documents/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_dsa_documents(self, page=1, **kw):
        self._dsa_check_portal_user()
        values = self._prepare_portal_layout_values()
        pager = portal_pager(url='/my/documents', total=values['dsa_document_count'],
                             page=page, step=self._items_per_page)
        values.update({
            'documents': self._dsa_portal_search(
                'ir.attachment', order='create_date desc, id desc',
                limit=self._items_per_page, offset=pager['offset']),
            'page_name': 'dsa_document',
            'default_url': '/my/documents',
            'pager': pager,
        })
        return request.render('dsa_tts.portal_my_dsa_documents', values)

    @http.route(['/my/documents/<int:attachment_id>'], type='http', auth='user')
    def portal_my_dsa_document(self, attachment_id, **kw):
        document = self._dsa_portal_record('ir.attachment', attachment_id)
        content = base64.b64decode(document.datas or b'')
        filename = document.datas_fname or document.name
        return request.make_response(content, headers=[
            ('Content-Type', document.mimetype or 'application/octet-stream'),
            ('Content-Length', len(content)),
            ('Content-Disposition', content_disposition(filename)),
        ])
