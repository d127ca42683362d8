"""The client address of the XML-RPC door.

Odoo serves /xmlrpc/ outside odoo.http (odoo.service.wsgi_server.wsgi_xmlrpc):
there is no ``request`` while res.users checks a password there, so the
address was unknown and the per-address throttle never applied (password
spraying across logins). The handler is wrapped, once per process, so that
the WSGI environ's REMOTE_ADDR (rewritten by ProxyFix in proxy mode, as for
odoo.http) is known to the thread serving the call.
"""
import functools
import threading

from odoo.service import wsgi_server

_local = threading.local()


def rpc_client_address():
    """The address of the XML-RPC call served by this thread, or None."""
    return getattr(_local, 'address', None)


def _with_client_address(handler):
    if getattr(handler, '_dsa_client_address', False):
        return handler      # already wrapped (module reloaded, several databases)

    @functools.wraps(handler)
    def wsgi_xmlrpc(environ, start_response):
        previous = getattr(_local, 'address', None)
        _local.address = environ.get('REMOTE_ADDR')
        try:
            return handler(environ, start_response)
        finally:
            _local.address = previous
    wsgi_xmlrpc._dsa_client_address = True
    return wsgi_xmlrpc


# application_unproxied looks the handler up in the module at each request
wsgi_server.wsgi_xmlrpc = _with_client_address(wsgi_server.wsgi_xmlrpc)
