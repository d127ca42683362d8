"""Redirections followed after a login (or any route taking ``redirect``)
stay on this site."""
import re

from werkzeug import urls

# Browsers drop tabs and newlines inside a URL and read a backslash as a
# slash ("/\\host" and "/\t/host" are "//host"); Odoo's redirect page also puts
# the URL in a JavaScript string, where a backslash starts an escape.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\]')


def local_redirect(url, default='/web'):
    """``url`` when it is a path of this site, else ``default``.

    Followed: "/web", "/my/home?x=1#y". Refused: "https://host", "//host",
    "/\\host", "javascript:...", "host/path" and anything with a control
    character or a backslash (refused rather than cleaned)."""
    if not isinstance(url, str):
        return default
    url = url.strip()
    if not url.startswith('/') or url.startswith('//') or _UNSAFE.search(url):
        return default
    parsed = urls.url_parse(url)
    if parsed.scheme or parsed.netloc:
        return default
    return url
