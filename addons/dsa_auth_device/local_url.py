"""Redirections followed after a login (or any route taking ``redirect``)
stay on this site."""
import re

from werkzeug import urls

# Browsers drop tabs and newlines inside a URL and read a backslash as a
# slash ("/\\host" and "/\t/host" are "//host"); Odoo's redirect page also puts
# the URL in a JavaScript string, where a backslash starts an escape.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\]')


def local_redirect(url, default='/web', host=None):
    """``url`` as a path of this site, else ``default``.

    Followed: "/web", "/my/home?x=1#y", and "http(s)://<host>/path" when
    ``host`` is the host of the current request (Odoo itself sends a visitor
    whose session expired to /web/login?redirect=<the full URL>): the path
    alone is kept. Refused: other hosts, "//host", "/\\host",
    "javascript:...", "host/path" and anything with a control character or a
    backslash (refused rather than cleaned)."""
    if not isinstance(url, str) or _UNSAFE.search(url):
        return default
    url = url.strip()
    parsed = urls.url_parse(url)
    if host and parsed.scheme in ('http', 'https') and parsed.netloc.lower() == host.lower():
        url = parsed.replace(scheme='', netloc='').to_url()
        parsed = urls.url_parse(url)
    if not url.startswith('/') or url.startswith('//') or parsed.scheme or parsed.netloc:
        return default
    return url
