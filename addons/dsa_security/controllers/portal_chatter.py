from odoo import http

from odoo.addons.portal.controllers.mail import PortalChatter


class DsaPortalChatter(PortalChatter):
    """Only the text of the message comes from the portal's chatter form.

    Core passes every other field of the form to message_post(): the customer
    chose the sender (``email_from``), the recipients (``partner_ids``, mailed
    from the company's server), the record name, the message type and subtype
    (an internal note, a notification), the parent message, whether to
    subscribe. The document and its access token still come from the form:
    core checks them (read access to the document, or its token)."""

    #: the form fields core's helper needs besides the text: the access token
    _DSA_CHATTER_FIELDS = ('token',)

    @http.route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        kw = {key: value for key, value in kw.items() if key in self._DSA_CHATTER_FIELDS}
        return super(DsaPortalChatter, self).portal_chatter_post(
            res_model, res_id, message, **kw)
