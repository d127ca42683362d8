"""The technician's field app (issue 25): the pages around the phone app.

- ``GET /field``: the app shell, one qweb page in the user's language, with no
  website layout and no Odoo web client. The app itself is plain JavaScript
  (``static/src/field/app.js``) that talks to the JSON API of
  ``controllers/field_api.py`` and ``controllers/field_sign.py``.
- ``GET /field/manifest.webmanifest``: the web app manifest (home screen).
- ``GET /field/sw.js``: the service worker, served under ``/field`` with
  ``Service-Worker-Allowed: /field`` so that its scope is the app's pages: it
  keeps the shell and the static files for opening the app with no network.

Only technicians (``dsa_tts.group_technician``) get the app: anyone else gets
a 403 page, portal users included. The labels are built here with ``_()``
(so their Italian comes from ``i18n/it.po``) and embedded as JSON.
"""
import hashlib
import json
import os

from odoo import _, http
from odoo.http import request

FIELD_STATIC = '/dsa_tts/static/src/field/'
STATIC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'static', 'src', 'field')
# the files the shell loads and the service worker keeps for offline use
STATIC_FILES = ('app.js', 'field.css', 'img/icon-192.png', 'img/icon-512.png')
SW_SOURCE = 'sw.js'


def _static_version():
    """A short hash of the app's static files: their URLs carry it, so that a
    new version of the code replaces the copy cached on the phone (the
    service worker's cache is named after it too)."""
    digest = hashlib.sha1()
    for name in STATIC_FILES + (SW_SOURCE,):
        with open(os.path.join(STATIC_DIR, name), 'rb') as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:12]


def _json_for_script(data):
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&``
    are escaped, so no text (a user's name) can close the element."""
    text = json.dumps(data, sort_keys=True)
    return text.replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026')


class DsaFieldApp(http.Controller):

    def _field_labels(self):
        """Every text the app shows, translated in the user's language: the
        script has no translation machinery of its own."""
        return {
            'app_name': _('DSA Field'),
            'today': _('Today'),
            'tomorrow': _('Tomorrow'),
            'unplanned': _('Unplanned'),
            'overdue': _('Overdue'),
            'online': _('Online'),
            'offline': _('Offline'),
            'sync_now': _('Sync now'),
            'syncing': _('Syncing...'),
            'queued': _('To send'),
            'queue': _('Queue'),
            'queue_title': _('Changes waiting to be sent'),
            'queue_empty': _('Every change has reached the server.'),
            'refused_title': _('Not accepted by the server'),
            'refused_help': _('The server refused these changes: they were not applied. '
                              'Check the intervention, then dismiss the message.'),
            'dismiss': _('Dismiss'),
            'last_sync': _('Last update'),
            'never': _('never'),
            'no_interventions': _('No interventions assigned to you in the next days.'),
            'no_cache': _('Connect to the network once to load your interventions.'),
            'back': _('Back'),
            'interventions': _('Interventions'),
            'customer': _('Customer'),
            'address': _('Address'),
            'contact': _('Contact'),
            'call': _('Call'),
            'open_maps': _('Open in maps'),
            'plant': _('Plant'),
            'kind': _('Kind'),
            'state': _('Status'),
            'ticket': _('Service call'),
            'planned': _('Planned'),
            'description': _('Description of the call'),
            'no_description': _('No description.'),
            'photos': _('Photos'),
            'add_photo': _('Take a photo'),
            'photo_pending': _('waiting to be sent'),
            'components': _('Plant components'),
            'no_components': _('No components recorded on this plant.'),
            'configuration_on': _('Configuration on'),
            'serial': _('Serial number'),
            'installed_on': _('installed on'),
            'removed_on': _('removed on'),
            'access_key': _('Access key'),
            'reveal_key': _('Show access key'),
            'key_online_only': _('The access key is shown only online.'),
            'work': _('Work'),
            'start_work': _('Start work'),
            'stop_work': _('Stop work'),
            'work_running': _('Work in progress since'),
            'work_description': _('What did you do? (timesheet)'),
            'hours': _('Hours'),
            'timesheets': _('Time spent'),
            'no_timesheets': _('No time recorded yet.'),
            'total': _('Total'),
            'activities': _('Activities'),
            'work_report': _('Work performed'),
            'add_activity': _('Add activity'),
            'activity_placeholder': _('Describe the activity done'),
            'materials': _('Materials'),
            'no_materials': _('No materials recorded.'),
            'add_material': _('Add material'),
            'action': _('Action'),
            'installed': _('Installed'),
            'replaced': _('Replaced'),
            'removed': _('Removed'),
            'product': _('Product'),
            'search_product': _('Search a product'),
            'no_product_found': _('No product found.'),
            'component': _('Component'),
            'no_component': _('(none)'),
            'quantity': _('Quantity'),
            'save': _('Save'),
            'cancel': _('Cancel'),
            'delete': _('Delete'),
            'confirm_delete': _('Delete this material line?'),
            'notes': _('Notes'),
            'add_note': _('Add note'),
            'note_placeholder': _('A note for the office (not on the report)'),
            'notes_sent': _('Notes written here go to the chatter of the intervention.'),
            'open_backend': _('Open in the backend'),
            'close_and_sign': _('Close and sign'),
            'summary': _('Summary for the customer'),
            'signer': _('Name of who signs'),
            'signature': _('Signature'),
            'clear': _('Clear'),
            'sign_here': _('Sign here with your finger'),
            'send_code': _('Send code to the customer'),
            'sign_without_code': _('Sign without code'),
            'code_sent_to': _('A code was sent by e-mail to'),
            'code_expires': _('The code expires at'),
            'code': _('Code'),
            'confirm': _('Confirm'),
            'code_online_only': _('The code needs the network: without it, sign without code.'),
            'signed_confirmed': _('Signed on site, confirmed by the customer'),
            'signed_unconfirmed': _('Signed on site, unconfirmed'),
            'signed_unconfirmed_help': _('The customer will get the report by e-mail to '
                                         'confirm or dispute it.'),
            'signed': _('Signed'),
            'already_signed': _('The report of this intervention is signed.'),
            'not_signable': _('This intervention cannot be signed now.'),
            'missing_signer': _('Write the name of who signs.'),
            'missing_signature': _('The customer must sign in the box.'),
            'missing_product': _('Choose a product from the list.'),
            'missing_component': _('Choose the component that is replaced or removed.'),
            'missing_text': _('Write something first.'),
            'bad_quantity': _('The quantity must be greater than zero.'),
            'bad_duration': _('The work must last more than nothing and at most 16 hours.'),
            'started_at': _('Started at'),
            'queued_ok': _('Saved on the phone: it will be sent to the server.'),
            'sent_ok': _('Sent to the server.'),
            'network_error': _('No answer from the server: the change stays on the phone.'),
            'session_expired': _('Your session has expired: log in again.'),
            'login': _('Log in'),
            'server_error': _('The server answered with an error'),
            'done_state': _('Done'),
            'close_first': _('The intervention is closed first, then the code is sent.'),
            'pending_sign': _('Signature waiting to be sent'),
            'prices_hidden': _('Hours and materials as the customer sees them.'),
            'no_network': _('You are offline.'),
            'reload': _('Reload'),
            'user': _('Technician'),
        }

    @http.route('/field', type='http', auth='user')
    def field_app(self, **kwargs):
        """The app shell for technicians; a 403 page for anyone else."""
        user = request.env.user
        if not user.has_group('dsa_tts.group_technician'):
            return request.render('dsa_tts.field_app_forbidden', {
                'lang': (user.lang or 'en_US').replace('_', '-'),
                'title': _('DSA Field'),
                'message': _('The field app is for technicians: your user is not one.'),
                'home_label': _('Back to the home page'),
                'home_url': '/web' if user.has_group('base.group_user') else '/my',
            }, status=403)
        version = _static_version()
        lang = user.lang or 'en_US'
        boot = {
            'uid': user.id,
            'user': user.name,
            'lang': lang,
            'labels': self._field_labels(),
            'version': version,
        }
        response = request.render('dsa_tts.field_app_shell', {
            'lang': lang.replace('_', '-'),
            'title': _('DSA Field'),
            'boot_json': _json_for_script(boot),
            'static': FIELD_STATIC,
            'version': version,
        })
        # the service worker keeps a copy for offline use; the browser's cache must not
        response.headers['Cache-Control'] = 'no-cache, private'
        return response

    @http.route('/field/manifest.webmanifest', type='http', auth='public')
    def field_manifest(self, **kwargs):
        """The web app manifest: the app opens at /field, full screen, with
        the suite's icons."""
        lang = (request.env.lang or 'en_US').replace('_', '-')
        version = _static_version()
        manifest = {
            'name': _('DSA Field'),
            'short_name': _('DSA Field'),
            'description': _('Interventions of the technician, online and offline'),
            'lang': lang,
            'start_url': '/field',
            'scope': '/field',
            'display': 'standalone',
            'orientation': 'portrait',
            'background_color': '#f4f5f7',
            'theme_color': '#1f5f8b',
            'icons': [
                {'src': '%simg/icon-%s.png?v=%s' % (FIELD_STATIC, size, version),
                 'sizes': '%sx%s' % (size, size), 'type': 'image/png', 'purpose': 'any'}
                for size in (192, 512)],
        }
        return request.make_response(json.dumps(manifest), headers=[
            ('Content-Type', 'application/manifest+json; charset=utf-8'),
            ('Cache-Control', 'no-cache'),
        ])

    @http.route('/field/sw.js', type='http', auth='public')
    def field_service_worker(self, **kwargs):
        """The service worker, under /field with the header that lets it
        control /field itself; the list of files it keeps carries the
        version, so a new version replaces the old cache."""
        version = _static_version()
        with open(os.path.join(STATIC_DIR, SW_SOURCE), 'r', encoding='utf-8') as handle:
            source = handle.read()
        config = {
            'version': version,
            'shell': '/field',
            'static': ['%s%s?v=%s' % (FIELD_STATIC, name, version) for name in STATIC_FILES],
            'static_prefix': FIELD_STATIC,
            'manifest': '/field/manifest.webmanifest',
        }
        body = 'var DSA_FIELD_SW = %s;\n%s' % (json.dumps(config, sort_keys=True), source)
        return request.make_response(body, headers=[
            ('Content-Type', 'application/javascript; charset=utf-8'),
            ('Service-Worker-Allowed', '/field'),
            ('Cache-Control', 'no-cache'),
        ])
