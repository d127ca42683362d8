from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class DsaPortalAccess(CustomerPortal):
    """The one access check of the suite's portal pages (issue 23).

    Every page that shows a record by an id of the URL goes through
    ``_dsa_portal_record``, and every list through ``_dsa_portal_search``:

    * a model that portal users read themselves (an access right, and record
      rules naming their company) is checked as the user: access right, then
      record rules, then existence;
    * a model whose records portal users never read themselves (a service
      contract holds internal terms; a contract's or a report's file lies on a
      record they cannot read) says which records its customers may see in
      ``_dsa_portal_domain(user)``, a domain built from the request's user
      only; the helper searches it as superuser.

    Either way the record comes back as superuser, to render what the page
    shows, and an id the user may not see answers the same 404 as one that
    does not exist. Pages of customers only: an employee gets a 404 too."""

    @staticmethod
    def _dsa_check_portal_user():
        """Customers' pages: employees get a 404 (they work in the back end,
        and the portal layout counts documents they may not read)."""
        if not request.env.user.has_group('base.group_portal'):
            raise NotFound()

    @staticmethod
    def _dsa_portal_domain_of(Model):
        """The model's own portal domain for the request's user, or None when
        portal users read the model themselves."""
        if not hasattr(Model, '_dsa_portal_domain'):
            return None
        return Model.sudo()._dsa_portal_domain(request.env.user)

    def _dsa_portal_record(self, model_name, res_id):
        """The record ``res_id`` of ``model_name``, as superuser, once the
        portal user may see it; NotFound otherwise, whether it exists or not."""
        self._dsa_check_portal_user()
        Model = request.env[model_name]
        domain = self._dsa_portal_domain_of(Model)
        if domain is not None:
            record = Model.sudo().search([('id', '=', int(res_id))] + domain)
            if not record:
                raise NotFound()
            return record
        record = Model.browse([int(res_id)])
        try:
            record.check_access_rights('read')
            record.check_access_rule('read')
            if not record.exists():
                raise MissingError(model_name)
        except (AccessError, MissingError):
            raise NotFound()
        return record.sudo()

    def _dsa_portal_search(self, model_name, domain=None, count=False, **kwargs):
        """The records of ``model_name`` that the portal user may see among
        ``domain`` (as superuser, for rendering), or their count. Nothing (not
        an error) when the user may not read the model at all: the portal
        layout counts each kind of document."""
        Model = request.env[model_name]
        own = self._dsa_portal_domain_of(Model)
        if own is not None:
            return Model.sudo().search(list(domain or []) + own, count=count, **kwargs)
        if not Model.check_access_rights('read', raise_exception=False):
            return 0 if count else Model.sudo().browse()
        found = Model.search(list(domain or []), count=count, **kwargs)
        return found if count else found.sudo()
