import socket

import odoo.tests.common
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase

MB = 1024 * 1024


@at_install(False)
@post_install(True)
class TestPortalUploadLimit(DsaHttpCase):
    """A portal customer posts a body far above the limit of the route
    (issue 23): it is refused on its Content-Length, before the server reads
    it, and nothing is created."""

    def setUp(self):
        super(TestPortalUploadLimit, self).setUp()
        partner = self.env['res.partner'].create({
            'name': 'Big Upload Customer', 'email': 'big@upload.example.com'})
        self.make_user('svc_big_upload', ['base.group_portal'], partner,
                       name='Big Upload Customer')

    def _post_head(self, path, length, sent=256 * 1024, chunked=False):
        """Announce a body of ``length`` bytes, send only ``sent`` of them and
        return the status line and headers of the answer: a server that read
        the whole body would never answer (the socket times out)."""
        boundary = 'dsaboundary'
        head = ('--%s\r\nContent-Disposition: form-data; name="subject"\r\n\r\nHuge call\r\n'
                '--%s\r\nContent-Disposition: form-data; name="attachments"; '
                'filename="huge.png"\r\nContent-Type: image/png\r\n\r\n'
                % (boundary, boundary)).encode()
        length_header = ('Transfer-Encoding: chunked' if chunked
                         else 'Content-Length: %d' % length)
        request = ('POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                   'Cookie: session_id=%s\r\n'
                   'Content-Type: multipart/form-data; boundary=%s\r\n%s\r\n\r\n'
                   % (path, self.session_id, boundary, length_header)).encode()
        body = head + b'\x89PNG\r\n\x1a\n' + b'\0' * sent
        if chunked:
            body = b'%x\r\n%s\r\n' % (len(body), body)
        sock = socket.create_connection(('127.0.0.1', odoo.tests.common.PORT), timeout=30)
        try:
            sock.sendall(request)
            try:
                sock.sendall(body)
            except OSError:
                pass  # the server may answer and close before taking it all
            answer = b''
            while b'\r\n\r\n' not in answer:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        finally:
            sock.close()
        return answer.split(b'\r\n\r\n')[0].decode('latin-1')

    def test_huge_call_refused_unread(self):
        self.authenticate('svc_big_upload', 'svc_big_upload')
        answer = self._post_head('/my/tickets/new', 60 * MB)
        self.assertRegex(answer, r'^HTTP/1\.\d 303')
        self.assertIn('/my/tickets/new?too_large=1', answer)
        page = self.url_open('/my/tickets/new?too_large=1')
        self.assertIn('The files are too large', page.text)
        # no length, a chunked body: refused the same way
        answer = self._post_head('/my/tickets/new', 0, chunked=True)
        self.assertRegex(answer, r'^HTTP/1\.\d 303')
        # the signature of a report: a few kB, never megabytes
        answer = self._post_head('/my/intervention/1/sign', 60 * MB)
        self.assertRegex(answer, r'^HTTP/1\.\d 413')
        self.assertFalse(self.env['dsa.ticket'].search([('subject', '=', 'Huge call')]))
