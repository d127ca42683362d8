import base64
import hashlib
import logging
import os
import shutil
import stat
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from odoo.addons.dsa_base.lib.runtime import running_tests

_logger = logging.getLogger(__name__)

CONFIG_FOLDER = 'dsa_import_drop_folder'   # server configuration only, never the database
PARAM_MIN_AGE = 'dsa_accounting_bridge.drop_folder_min_age'
PARAM_DEFAULT_PROFILE = 'dsa_accounting_bridge.drop_folder_default_profile'
PARAM_LIMIT = 'dsa_accounting_bridge.drop_folder_limit'
IGNORED_SUFFIXES = ('.part', '.tmp', '.crdownload', '.filepart', '~')
FINISHED = ('done', 'done_errors', 'failed')


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    @api.model
    def _drop_folder(self):
        """The drop folder, from the server configuration only: a database parameter
        would let whoever can write parameters make the server read any folder."""
        folder = config.get(CONFIG_FOLDER) or ''
        return os.path.realpath(folder) if folder else ''

    @api.model
    def _drop_folder_profile(self, file_name):
        profile = self.env['dsa.import.profile'].find_for_file(file_name)
        if profile:
            return profile
        default = self.env['ir.config_parameter'].sudo().get_param(PARAM_DEFAULT_PROFILE)
        if default:
            if default.isdigit():
                return self.env['dsa.import.profile'].browse(int(default)).exists()
            return self.env.ref(default, raise_if_not_found=False) or \
                self.env['dsa.import.profile']
        return self.env['dsa.import.profile']

    @api.model
    def _drop_folder_ready_files(self, folder, min_age):
        """Regular files of the folder that are complete: a file is taken only when it was
        not modified for min_age seconds and its size did not change between two looks
        (a file still being copied or written is left for the next run). Symbolic links
        are never followed, hidden files and temporary suffixes (.part, .tmp...) ignored."""
        candidates = []
        now = time.time()
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.startswith('.') or name.lower().endswith(IGNORED_SUFFIXES):
                continue
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                _logger.warning('Drop folder: %s is a symbolic link, skipped', name)
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            if now - info.st_mtime < min_age:
                _logger.info('Drop folder: %s modified %.0fs ago, left for later', name,
                             now - info.st_mtime)
                continue
            candidates.append((name, path, info.st_size))
        if candidates and min_age:
            time.sleep(min(1.0, min_age))
        ready = []
        for name, path, size in candidates:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size == size:
                ready.append((name, path))
        return ready

    @api.model
    def _move_file(self, folder, path, sub):
        target_dir = os.path.join(folder, sub)
        if os.path.islink(target_dir):
            raise OSError('%s is a symbolic link: files are not moved out of %s'
                          % (target_dir, folder))
        os.makedirs(target_dir, exist_ok=True)
        stamp = fields.Datetime.now().replace(':', '').replace(' ', '').replace('-', '')
        target = os.path.join(target_dir, '%s_%s' % (stamp, os.path.basename(path)))
        shutil.move(path, target)
        return target

    @api.model
    def _read_dropped_file(self, path, name):
        """Content of a dropped file, opened without following a symbolic link and
        refused over the size limit before it is read."""
        fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
        with os.fdopen(fd, 'rb') as handle:
            self._check_file_size(os.fstat(handle.fileno()).st_size, name)
            return handle.read()

    @api.model
    def _drop_folder_commit(self):
        """End of one file's transaction. Tests replace the commit by a savepoint (and a
        test never commits, whatever its context)."""
        if self.env.context.get('dsa_drop_folder_savepoint') or running_tests():
            return
        self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _drop_folder_import_file(self, folder, name, path):
        """Import one file and commit: returns the job (finished). A file whose content
        was already imported from this folder (crash after the commit and before the
        move) is not imported again: its job is returned."""
        try:
            content = self._read_dropped_file(path, name)
        except (OSError, UserError) as exc:
            return self._drop_folder_failed_job(folder, name, None, exc)
        digest = hashlib.sha256(content).hexdigest()
        previous = self.search([('file_sha256', '=', digest), ('source_path', '=', folder),
                                ('state', 'in', FINISHED)], order='id desc', limit=1)
        if previous:
            _logger.info('Drop folder: %s was imported already by job %s (same content), '
                         'moved without importing it again', name, previous.name)
            return previous
        job = self.browse()
        try:
            with self.env.cr.savepoint():
                profile = self._drop_folder_profile(name)
                if not profile:
                    raise UserError(_('no import profile matches the file name "%s" and no '
                                      'default profile is configured') % name)
                job = self.create({
                    'kind': profile.kind, 'profile_id': profile.id, 'file_name': name,
                    'file': base64.b64encode(content), 'source_path': folder,
                    'file_sha256': digest,
                })
                job._run()
        except Exception as exc:
            _logger.exception('Drop folder: %s failed', name)
            self.env.clear()
            job = self._drop_folder_failed_job(folder, name, digest, exc)
        self._drop_folder_commit()
        return job

    @api.model
    def _drop_folder_failed_job(self, folder, name, digest, exc):
        """A job of its own kind (unrecognised file) that says why the file was refused."""
        reason = exc.name if isinstance(exc, UserError) else str(exc)
        job = self.create({'kind': 'unrecognised', 'file_name': name, 'source_path': folder,
                           'file_sha256': digest})
        job.sudo().write({'state': 'failed', 'error_message': reason,
                          'date_start': fields.Datetime.now(),
                          'date_end': fields.Datetime.now()})
        self._drop_folder_commit()
        return job

    @api.model
    def _cron_import_drop_folder(self):
        """Import the files of the drop folder, one file per transaction, each with the
        profile its name points to; once its import has committed, the file moves to
        done/ (imported, possibly with rejected rows: see the job) or failed/ (no
        profile, unreadable file, fatal error). One bad file never stops the others."""
        folder = self._drop_folder()
        if not folder:
            return []
        if not os.path.isdir(folder):
            _logger.warning('Import drop folder %s does not exist', folder)
            return []
        params = self.env['ir.config_parameter'].sudo()
        min_age = float(params.get_param(PARAM_MIN_AGE, '10'))
        limit = int(params.get_param(PARAM_LIMIT, '50'))
        jobs = self.browse()
        for name, path in self._drop_folder_ready_files(folder, min_age)[:limit]:
            job = self._drop_folder_import_file(folder, name, path)
            sub = 'failed' if job.state == 'failed' else 'done'
            try:
                self._move_file(folder, path, sub)
            except OSError:
                _logger.exception('Drop folder: cannot move %s to %s/', name, sub)
            jobs |= job
        return jobs.ids
