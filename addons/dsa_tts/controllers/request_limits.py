"""Size limits of the customer portal's POST routes, checked on the request's
Content-Length before anything of the body is read.

Odoo 11 parses the whole form, uploaded files included, when it builds the
request object (odoo.http.HttpRequest.__init__), before any route, ir.http
method or CSRF check runs: there is no hook before that point, so
odoo.http.Root.get_request is wrapped here. The limits also go to werkzeug
(max_content_length, max_form_memory_size), which then never reads more than
them, even from a client that lies about the length."""
import logging
import re

import werkzeug.exceptions
import werkzeug.utils

from odoo import http

from .portal_ticket_files import MAX_FILES, MAX_MB

_logger = logging.getLogger(__name__)

MB = 1024 * 1024

# (path, most bytes of the body, most bytes of one text field, page to send
# the browser back to, where the form says why): the new call takes 5 files of
# 10 MB and its text; a signature is a PNG of a few kB; a chatter message text
ROUTE_LIMITS = [
    (re.compile(r'^/my/tickets/new/?$'), MAX_FILES * MAX_MB * MB + MB, MB,
     '/my/tickets/new?too_large=1'),
    (re.compile(r'^/my/intervention/\d+/(sign|reject)/?$'), 2 * MB, 2 * MB, None),
    (re.compile(r'^/my/intervention/\d+/onsite/(confirm|dispute)/?$'), MB, MB, None),
    (re.compile(r'^/field/api/sign/(request|confirm)/?$'), 2 * MB, 2 * MB, None),
    (re.compile(r'^/mail/chatter_post/?$'), MB, MB, None),
]


def route_limit(httprequest):
    """The limits of the POST route of ``httprequest``, or None."""
    if httprequest.method != 'POST':
        return None
    for pattern, limit, field_limit, back in ROUTE_LIMITS:
        if pattern.match(httprequest.path):
            return limit, field_limit, back
    return None


def check_size(httprequest):
    """Refuse a body larger than the route's limit, or of unknown length
    (chunked), before it is read: 303 back to the form when it can say why,
    413 otherwise."""
    rule = route_limit(httprequest)
    if not rule:
        return
    limit, field_limit, back = rule
    httprequest.max_content_length = limit
    httprequest.max_form_memory_size = field_limit
    length = httprequest.content_length
    chunked = 'chunked' in httprequest.environ.get('HTTP_TRANSFER_ENCODING', '').lower()
    if (length is None and not chunked) or (length is not None and length <= limit):
        return
    _logger.info('Refused %s bytes posted to %s (limit %s)', length, httprequest.path, limit)
    if back:
        raise werkzeug.exceptions.HTTPException(
            response=werkzeug.utils.redirect(back, 303))
    raise werkzeug.exceptions.RequestEntityTooLarge()


_get_request = http.Root.get_request


def get_request(self, httprequest):
    check_size(httprequest)
    return _get_request(self, httprequest)


if not getattr(http.Root.get_request, 'dsa_size_limits', False):
    get_request.dsa_size_limits = True
    http.Root.get_request = get_request
