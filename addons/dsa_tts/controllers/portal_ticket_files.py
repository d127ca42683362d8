"""Files that a customer attaches to a new service call on the portal:
photos, PDFs and office documents, checked by their content (not by the name
or the type the browser sends), at most MAX_FILES files of MAX_MB each."""
import base64

from odoo import _
from odoo.tools.mimetypes import guess_mimetype

# the form's help text (views/dsa_ticket_portal_templates.xml) says these figures
MAX_FILES = 5
MAX_MB = 10

# content signatures of the accepted kinds; anything else (HTML, SVG,
# executables, archives) is refused
SIGNATURES = (
    (b'\xff\xd8\xff', 'image/jpeg'),
    (b'\x89PNG\r\n\x1a\n', 'image/png'),
    (b'GIF87a', 'image/gif'),
    (b'GIF89a', 'image/gif'),
    (b'%PDF-', 'application/pdf'),
)
OFFICE_MIMETYPES = (
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
)


def file_mimetype(data):
    """The mimetype of an accepted file, from its content; None if refused."""
    for signature, mimetype in SIGNATURES:
        if data.startswith(signature):
            return mimetype
    mimetype = guess_mimetype(data)
    return mimetype if mimetype in OFFICE_MIMETYPES else None


def read_uploads(files):
    """Read and check the uploaded files (werkzeug FileStorage objects).

    Return (values, error): the values of the attachments to create, or a
    message naming the file refused. Nothing is kept when one file is wrong."""
    files = [f for f in files if f and f.filename]
    if len(files) > MAX_FILES:
        return [], _('Attach at most %s files.') % MAX_FILES
    values = []
    for upload in files:
        name = upload.filename.replace('\\', '/').split('/')[-1][:200] or 'file'
        data = upload.read(MAX_MB * 1024 * 1024 + 1)
        if len(data) > MAX_MB * 1024 * 1024:
            return [], _('%(file)s is larger than %(size)s MB.') % {'file': name, 'size': MAX_MB}
        if not data:
            return [], _('%s is empty.') % name
        mimetype = file_mimetype(data)
        if not mimetype:
            return [], _('%s: this kind of file is not accepted. Attach photos (JPEG, '
                         'PNG, GIF), PDF files or office documents.') % name
        values.append({
            'name': name,
            'datas_fname': name,
            'datas': base64.b64encode(data),
            'mimetype': mimetype,
        })
    return values, None
