"""Files named in an import file (order and offer PDFs): read from the attachment
folder only, never from outside it."""
import base64
import binascii
import os

from odoo import _
from odoo.tools import config

from ..lib import normalize


def profile_folder(env, folder):
    """The real path of a profile's attachment folder, which must lie inside the
    drop folder of the server configuration (a relative folder is taken inside
    it): a manager's setting must not open the rest of the server's files.
    Raises ValueError."""
    root = config.get('dsa_import_drop_folder') or ''
    if not root:
        raise ValueError(_('an attachment folder on the profile needs the drop folder '
                           '(dsa_import_drop_folder) in the server configuration'))
    root = os.path.realpath(root)
    path = os.path.realpath(os.path.join(root, folder))
    if os.path.commonpath([root, path]) != root:
        raise ValueError(_('the attachment folder %s is not inside the drop folder %s')
                         % (folder, root))
    return path


class AttachmentReader(object):
    """Reads the PDFs an import file names (an object with an env, so that its
    messages are translated like the handlers')."""

    def __init__(self, job, profile):
        self.job, self.env, self.profile = job, job.env, profile

    def folder(self):
        """Folder of the PDFs named in a file: the profile's (set by a manager, inside
        the drop folder), else the folder the file was dropped in (set by the server),
        else the drop folder of the server configuration. Never a database parameter."""
        if self.profile.attachment_folder:
            return profile_folder(self.env, self.profile.attachment_folder)
        return self.job.source_path or config.get('dsa_import_drop_folder') or ''

    def safe_path(self, folder, text):
        """Path of a file named in an import file, which must stay inside folder: no
        absolute path, no '..', and no symbolic link that leads out of it."""
        parts = text.replace('\\', '/').split('/')
        if os.path.isabs(text) or text.startswith(('/', '\\')) or '..' in parts or \
                (len(text) > 1 and text[1] == ':'):
            raise ValueError(_('"%s" must be a file name inside the attachment folder') % text)
        root = os.path.realpath(folder)
        path = os.path.realpath(os.path.join(root, *parts))
        if os.path.commonpath([root, path]) != root:
            raise ValueError(_('"%s" must be a file name inside the attachment folder') % text)
        return path

    def read(self, value):
        """The order PDF named by the export: 'base64:<content>' or a file name relative
        to the attachment folder. Returns (base64 content, file name); raises ValueError."""
        text = normalize.to_text(value)
        if text.lower().startswith('base64:'):
            try:
                content = base64.b64decode(text[7:], validate=True)
            except (binascii.Error, ValueError):
                raise ValueError(_('the PDF content is not valid base64'))
            name = 'order.pdf'
        else:
            folder = self.folder()
            if not folder:
                raise ValueError(_('no attachment folder configured to find "%s"') % text)
            path = self.safe_path(folder, text)
            if not os.path.isfile(path):
                raise ValueError(_('file "%s" not found in %s') % (text, folder))
            fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
            with os.fdopen(fd, 'rb') as handle:
                if os.fstat(handle.fileno()).st_size > self.job._max_file_size():
                    raise ValueError(_('file "%s" is over the size limit') % text)
                content = handle.read()
            name = os.path.basename(text)
        if not content.startswith(b'%PDF'):
            raise ValueError(_('"%s" is not a PDF file') % (name if text.lower().startswith(
                'base64:') else text))
        return base64.b64encode(content), name
