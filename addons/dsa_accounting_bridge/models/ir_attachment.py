import base64
import io
import logging

from odoo import _, api, models

from ..lib import readers

_logger = logging.getLogger(__name__)


class IrAttachment(models.Model):
    """A binary stream of an attachment's content, for the importer's large files."""
    _inherit = 'ir.attachment'

    @api.multi
    def _dsa_open_stream(self, owner=''):
        """A binary stream of this attachment's content (empty for no attachment).

        Why not ``datas``: Odoo 11's API reads a stored file whole and returns it
        base64-encoded (``_file_read``), so a 27 MB import file would hold about
        90 MB while it is read; the importer streams it instead, as bench/
        bench_import.py measures (peak memory flat from 25,000 to 400,000 rows).
        The file is the one this attachment stores (``_full_path``, as
        ``_file_read`` does), and only if its name is the one core gives to that
        content (its SHA-1 ``checksum``, which no user can write): a
        ``store_fname`` pointed at another stored file is refused instead of
        imported and echoed in the rejected rows. dsa_security refuses such
        writes; this covers a name set before. ``owner`` names the record in the
        server log."""
        if not self:
            return io.BytesIO(b'')
        self.ensure_one()
        if self.store_fname:
            checksum = self.checksum or ''
            names = ('%s/%s' % (checksum[:2], checksum), '%s/%s' % (checksum[:3], checksum))
            if not checksum or self.store_fname not in names:
                _logger.warning('%s: attachment %s is stored as %s, not under its '
                                'checksum: refused', owner, self.id, self.store_fname)
                raise readers.FileFormatError(
                    _('the stored file does not match the uploaded one: upload it again'))
            path = self._full_path(self.store_fname)
            try:
                return open(path, 'rb')
            except IOError:
                _logger.warning('Filestore file %s missing, reading the database', path)
        return io.BytesIO(base64.b64decode(self.with_context(bin_size=False).datas or b''))
