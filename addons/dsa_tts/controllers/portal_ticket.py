from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.dsa_security.controllers.portal_access import DsaPortalAccess
from odoo.addons.portal.controllers.portal import get_records_pager
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal_ticket_files import MAX_FILES, MAX_MB, read_uploads
from .portal import page_values


class DsaTicketPortal(DsaPortalAccess):
    """Service calls and interventions on the customer portal (TTS-4, TTS-7).

    Portal users see the calls and interventions of their commercial partner
    (record rules in security/dsa_service_security.xml).  Every route checks
    through the suite's one portal access check (dsa_security,
    DsaPortalAccess._dsa_portal_record) and only then works as sudo; a record
    the user may not read answers 404, whether it exists or not.
    """

    # ------------------------------------------------------------------ helpers

    def _prepare_portal_layout_values(self):
        values = super(DsaTicketPortal, self)._prepare_portal_layout_values()
        values['dsa_ticket_count'] = self._dsa_portal_search('dsa.ticket', count=True)
        values['dsa_intervention_count'] = self._dsa_portal_search(
            'project.task', self._dsa_intervention_domain(), count=True)
        values['dsa_reports_to_sign'] = (
            self._dsa_portal_search('project.task', self._dsa_to_sign_domain(),
                                    order='dsa_done_date, id')
            if values['dsa_intervention_count'] else request.env['project.task'])
        values['dsa_can_open_call'] = request.env.user.has_group('base.group_portal')
        return values

    @classmethod
    def _dsa_to_sign_domain(cls):
        """Done interventions whose report waits for the customer's signature."""
        return cls._dsa_intervention_domain() + [
            ('dsa_state', '=', 'done'), ('dsa_report_state', '=', 'none')]

    @staticmethod
    def _dsa_intervention_domain():
        return [('dsa_is_intervention', '=', True), ('dsa_state', '!=', 'cancelled')]

    def _dsa_intervention_check_access(self, task_id):
        """The intervention as sudo, for a portal user of its customer only; 404
        for anyone else, whatever their internal rights."""
        task = self._dsa_portal_record('project.task', task_id)
        if not task.dsa_is_intervention or \
                task._dsa_signoff_customer() != request.env.user.commercial_partner_id:
            raise NotFound()
        return task

    # ------------------------------------------------------------------ service calls

    @http.route(['/my/tickets', '/my/tickets/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_dsa_tickets(self, page=1, sortby=None, **kw):
        self._dsa_check_portal_user()
        values = self._prepare_portal_layout_values()
        Ticket = request.env['dsa.ticket']
        searchbar_sortings = {
            'date': {'label': _('Newest'), 'order': 'id desc'},
            'stage': {'label': _('Stage'), 'order': 'stage_id, id desc'},
        }
        if sortby not in searchbar_sortings:
            sortby = 'date'
        total = Ticket.search_count([])
        pager = portal_pager(url='/my/tickets', url_args={'sortby': sortby}, total=total,
                             page=page, step=self._items_per_page)
        tickets = Ticket.search([], order=searchbar_sortings[sortby]['order'],
                                limit=self._items_per_page, offset=pager['offset'])
        request.session['my_dsa_tickets_history'] = tickets.ids[:100]
        values.update({
            'tickets': tickets.sudo(),
            'page_name': 'dsa_ticket',
            'default_url': '/my/tickets',
            'pager': pager,
            'searchbar_sortings': searchbar_sortings,
            'sortby': sortby,
        })
        return request.render('dsa_tts.portal_my_dsa_tickets', values)

    @http.route(['/my/ticket/<int:ticket_id>'], type='http', auth='user', website=True)
    def portal_my_dsa_ticket(self, ticket_id, **kw):
        ticket = self._dsa_portal_record('dsa.ticket', ticket_id)
        values = page_values(self)
        values.update({
            'ticket': ticket,
            'interventions': ticket.task_ids.filtered(
                lambda t: t.dsa_state != 'cancelled'),
            'page_name': 'dsa_ticket',
            'created': bool(kw.get('created')),
            'ticket_files': request.env['ir.attachment'].sudo().search([
                ('res_model', '=', 'dsa.ticket'), ('res_id', '=', ticket.id),
                ('res_field', '=', False)], order='id'),
        })
        values.update(get_records_pager(
            request.session.get('my_dsa_tickets_history', []), ticket))
        return request.render('dsa_tts.portal_my_dsa_ticket', values)

    def _dsa_portal_plants(self):
        """The plants of the user's own commercial partner."""
        return self._dsa_portal_search('dsa.plant', [
            ('partner_id', 'child_of', request.env.user.commercial_partner_id.id)])

    @http.route(['/my/tickets/new'], type='http', auth='user', methods=['GET', 'POST'],
                website=True)
    def portal_dsa_ticket_new(self, **post):
        self._dsa_check_portal_user()
        values = page_values(self)
        plants = self._dsa_portal_plants()
        error = {}
        if post.get('too_large'):
            # sent back here by request_limits: the body was refused unread
            error['attachments'] = _('The files are too large: attach at most %(files)s '
                                     'files of %(size)s MB each.') % {
                                         'files': MAX_FILES, 'size': MAX_MB}
        if request.httprequest.method == 'POST':
            subject = (post.get('subject') or '').strip()
            description = (post.get('description') or '').strip()
            plant = request.env['dsa.plant']
            try:
                plant_id = int(post.get('plant_id') or 0)
            except ValueError:
                plant_id = 0
            if plant_id:
                plant = plants.filtered(lambda p: p.id == plant_id)
                if not plant:
                    error['plant_id'] = _('Choose one of your plants.')
            if not subject:
                error['subject'] = _('Say briefly what the problem is.')
            files, file_error = read_uploads(
                request.httprequest.files.getlist('attachments'))
            if file_error:
                error['attachments'] = file_error
            if not error:
                ticket = self._dsa_create_portal_ticket(subject, description, plant, files)
                return request.redirect('/my/ticket/%s?created=1' % ticket.id)
        values.update({
            'plants': plants.sudo(),
            'error': error,
            'post': post,
            'page_name': 'dsa_ticket',
        })
        return request.render('dsa_tts.portal_dsa_ticket_new', values)

    @staticmethod
    def _dsa_create_portal_ticket(subject, description, plant, files):
        """Create the call as sudo (portal users cannot create) with its files,
        attached to the call: only who may read the call may read them."""
        user = request.env.user
        ticket = request.env['dsa.ticket'].sudo().create({
            'subject': subject,
            'description': description,
            'plant_id': plant.id or False,
            'partner_id': user.partner_id.id,
            'email_from': user.partner_id.email,
            'channel': 'portal',
        })
        Attachment = request.env['ir.attachment'].sudo()
        for vals in files:
            Attachment.create(dict(vals, res_model='dsa.ticket', res_id=ticket.id,
                                   public=False))
        return ticket

    # ------------------------------------------------------------------ interventions

    @http.route(['/my/interventions', '/my/interventions/page/<int:page>'], type='http',
                auth='user', website=True)
    def portal_my_dsa_interventions(self, page=1, **kw):
        self._dsa_check_portal_user()
        values = self._prepare_portal_layout_values()
        Task = request.env['project.task']
        domain = self._dsa_intervention_domain()
        total = Task.search_count(domain)
        pager = portal_pager(url='/my/interventions', total=total, page=page,
                             step=self._items_per_page)
        tasks = Task.search(domain, order='dsa_planned_start desc, id desc',
                            limit=self._items_per_page, offset=pager['offset'])
        request.session['my_dsa_interventions_history'] = tasks.ids[:100]
        values.update({
            'interventions': tasks.sudo(),
            'page_name': 'dsa_intervention',
            'default_url': '/my/interventions',
            'pager': pager,
        })
        return request.render('dsa_tts.portal_my_dsa_interventions', values)

    @http.route(['/my/intervention/<int:task_id>'], type='http', auth='user', website=True)
    def portal_my_dsa_intervention(self, task_id, **kw):
        task = self._dsa_intervention_check_access(task_id)
        values = page_values(self)
        values.update({
            'task': task,
            'page_name': 'dsa_intervention',
        })
        values.update(get_records_pager(
            request.session.get('my_dsa_interventions_history', []), task))
        return request.render('dsa_tts.portal_my_dsa_intervention', values)

    @http.route(['/my/intervention/<int:task_id>/report'], type='http', auth='user',
                website=True)
    def portal_my_dsa_intervention_report(self, task_id, **kw):
        task = self._dsa_intervention_check_access(task_id)
        pdf = task.with_context(lang=request.env.user.lang)._dsa_report_pdf()
        filename = 'intervention_%s.pdf' % task.id
        return request.make_response(pdf, headers=[
            ('Content-Type', 'application/pdf'),
            ('Content-Length', len(pdf)),
            ('Content-Disposition', 'inline; filename="%s"' % filename),
        ])

    @http.route(['/my/intervention/<int:task_id>/sign'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_dsa_intervention_sign(self, task_id, signer=None, signature=None, **kw):
        task = self._dsa_intervention_check_access(task_id)
        try:
            # _dsa_sign checks the signer, validates and renders the PDF before it
            # writes anything; it runs as the portal user, not as sudo
            task.sudo(request.env.uid)._dsa_sign(
                signer, signature, ip=request.httprequest.remote_addr)
        except UserError as e:
            return self._dsa_intervention_error(task, e)
        return request.redirect('/my/intervention/%s?signed=1' % task.id)

    @http.route(['/my/intervention/<int:task_id>/reject'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_dsa_intervention_reject(self, task_id, reason=None, signer=None, **kw):
        task = self._dsa_intervention_check_access(task_id)
        try:
            task.sudo(request.env.uid)._dsa_reject(reason, signer=signer)
        except UserError as e:
            return self._dsa_intervention_error(task, e)
        return request.redirect('/my/intervention/%s?rejected=1' % task.id)

    def _dsa_intervention_error(self, task, error):
        values = page_values(self)
        values.update({
            'task': task,
            'page_name': 'dsa_intervention',
            'sign_error': error.name,
        })
        response = request.render('dsa_tts.portal_my_dsa_intervention', values)
        response.status_code = 400
        return response
