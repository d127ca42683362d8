from odoo import _, http
from odoo.http import request

from odoo.addons.dsa_security.controllers.portal_access import DsaPortalAccess
from odoo.addons.portal.controllers.portal import CustomerPortal, get_records_pager
from odoo.addons.portal.controllers.portal import pager as portal_pager


def page_values(controller):
    """The layout values of a portal page that shows one record: the portal's
    own (the sales rep), without the document counters that the overrides of
    ``_prepare_portal_layout_values`` add for /my. Core's order page does the
    same; counting everything on every page cost about 70 queries a page
    (bench/load)."""
    return CustomerPortal._prepare_portal_layout_values(controller)


class DsaPlantPortal(DsaPortalAccess):
    """"My plants" on the customer portal (TTS-1, TTS-2, TTS-10).

    Portal users see the plants of their commercial partner (record rules in
    security/dsa_plant_security.xml).  A plant the user may not read gets a
    404 whether it exists or not.  Access keys and internal notes are never
    rendered.
    """

    def _prepare_portal_layout_values(self):
        values = super(DsaPlantPortal, self)._prepare_portal_layout_values()
        values['dsa_plant_count'] = self._dsa_portal_search('dsa.plant', count=True)
        return values

    @http.route(['/my/plants', '/my/plants/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_plants(self, page=1, sortby=None, **kw):
        self._dsa_check_portal_user()
        values = self._prepare_portal_layout_values()
        Plant = request.env['dsa.plant']
        searchbar_sortings = {
            'code': {'label': _('Code'), 'order': 'code desc'},
            'name': {'label': _('Name'), 'order': 'name'},
        }
        if sortby not in searchbar_sortings:
            sortby = 'code'
        order = searchbar_sortings[sortby]['order']
        total = Plant.search_count([])
        pager = portal_pager(url='/my/plants', url_args={'sortby': sortby}, total=total,
                             page=page, step=self._items_per_page)
        plants = Plant.search([], order=order, limit=self._items_per_page,
                              offset=pager['offset'])
        request.session['my_dsa_plants_history'] = plants.ids[:100]
        values.update({
            'plants': plants.sudo(),
            'page_name': 'dsa_plant',
            'default_url': '/my/plants',
            'pager': pager,
            'searchbar_sortings': searchbar_sortings,
            'sortby': sortby,
        })
        return request.render('dsa_tts.portal_my_dsa_plants', values)

    @http.route(['/my/plants/<int:plant_id>'], type='http', auth='user', website=True)
    def portal_my_plant(self, plant_id, **kw):
        plant = self._dsa_portal_record('dsa.plant', plant_id)
        values = self._dsa_plant_get_page_view_values(plant)
        return request.render('dsa_tts.portal_my_dsa_plant', values)

    def _dsa_plant_get_page_view_values(self, plant):
        values = page_values(self)
        history = plant.component_ids
        values.update({
            'plant': plant,
            'current_components': history.filtered(lambda c: not c.date_removed),
            'history_components': history,
            'page_name': 'dsa_plant',
        })
        values.update(get_records_pager(
            request.session.get('my_dsa_plants_history', []), plant))
        return values
