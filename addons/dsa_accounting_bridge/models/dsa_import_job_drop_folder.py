import base64
import logging
import os
import shutil
import time

from odoo import _, api, fields, models
from odoo.tools import config

_logger = logging.getLogger(__name__)

PARAM_FOLDER = 'dsa_accounting_bridge.drop_folder'
PARAM_MIN_AGE = 'dsa_accounting_bridge.drop_folder_min_age'
PARAM_DEFAULT_PROFILE = 'dsa_accounting_bridge.drop_folder_default_profile'
PARAM_LIMIT = 'dsa_accounting_bridge.drop_folder_limit'
IGNORED_SUFFIXES = ('.part', '.tmp', '.crdownload', '.filepart', '~')


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    @api.model
    def _drop_folder(self):
        param = self.env['ir.config_parameter'].sudo().get_param(PARAM_FOLDER)
        return param or config.get('dsa_import_drop_folder') or ''

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
        """Files of the folder that are complete: a file is taken only when it was not
        modified for min_age seconds and its size did not change between two looks
        (so a file still being copied or written is left for the next run). Hidden
        files and temporary suffixes (.part, .tmp...) are ignored."""
        candidates = []
        now = time.time()
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.startswith('.') or name.lower().endswith(IGNORED_SUFFIXES) or \
                    not os.path.isfile(path):
                continue
            stat = os.stat(path)
            if now - stat.st_mtime < min_age:
                _logger.info('Drop folder: %s modified %.0fs ago, left for later', name,
                             now - stat.st_mtime)
                continue
            candidates.append((name, path, stat.st_size))
        if candidates and min_age:
            time.sleep(min(1.0, min_age))
        ready = []
        for name, path, size in candidates:
            if os.path.isfile(path) and os.stat(path).st_size == size:
                ready.append((name, path))
        return ready

    @api.model
    def _move_file(self, folder, path, sub):
        target_dir = os.path.join(folder, sub)
        os.makedirs(target_dir, exist_ok=True)
        stamp = fields.Datetime.now().replace(':', '').replace(' ', '').replace('-', '')
        target = os.path.join(target_dir, '%s_%s' % (stamp, os.path.basename(path)))
        shutil.move(path, target)
        return target

    @api.model
    def _cron_import_drop_folder(self):
        """Import the files of the drop folder, each with the profile its name points
        to, and move it to done/ (imported, possibly with rejected rows: see the job)
        or failed/ (no profile, unreadable file, fatal error). One bad file never
        stops the others: each file runs in its own savepoint."""
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
            job = self.browse()
            try:
                with self.env.cr.savepoint():
                    profile = self._drop_folder_profile(name)
                    if not profile:
                        raise ValueError(_('no import profile matches the file name "%s" and '
                                           'no default profile is configured') % name)
                    with open(path, 'rb') as handle:
                        content = handle.read()
                    job = self.create({
                        'kind': profile.kind, 'profile_id': profile.id, 'file_name': name,
                        'file': base64.b64encode(content), 'source_path': folder,
                    })
                    job._run()
            except Exception as exc:
                _logger.exception('Drop folder: %s failed', name)
                self.env.clear()
                job = self.create({
                    'kind': 'customers', 'file_name': name, 'source_path': folder,
                }) if not job.exists() else job
                job.sudo().write({'state': 'failed', 'error_message': str(exc)})
            sub = 'failed' if job.state == 'failed' else 'done'
            try:
                self._move_file(folder, path, sub)
            except OSError:
                _logger.exception('Drop folder: cannot move %s to %s/', name, sub)
            jobs |= job
        return jobs.ids
