"""Backup and restore as commands (issue 29): scripts/backup.py, run as
``make backup`` / ``make restore`` run it (a subprocess with the test
configuration), on a copy of the test template with a report signed by its
customer.

The archive is Odoo's own zip (dump.sql, filestore/, manifest.json) plus
checksums.sha256; restore refuses a damaged archive naming the damaged member,
and leaves no database nor filestore behind, whether it refuses before creating
the database or fails after (dump that does not load, signed PDF whose SHA-256 is
not the one stored at signing).
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import zipfile

import odoo
import pytest

from test_install import ROOT, _conf, _connect, _copy, _drop

BACKUP = os.path.join(ROOT, 'scripts', 'backup.py')
ODOO_BIN = os.path.join(ROOT, 'scripts', 'odoo-bin')
PNG_B64 = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
           '60e6kgAAAABJRU5ErkJggg==')

# The demo intervention waiting for Giulia Rossi's signature: done by its
# technician, signed on the portal's own method as the portal user, committed.
SIGN = """
task = env.ref('dsa_tts.project_task_rossi_panel_demo')
marco = env.ref('dsa_tts.user_tech_marco_service_demo')
env['account.analytic.line'].create({
    'name': 'Battery and siren', 'task_id': task.id, 'project_id': task.project_id.id,
    'employee_id': env.ref('dsa_tts.employee_marco_service_demo').id, 'unit_amount': 2.0})
task.sudo(marco).action_dsa_done()
task.sudo(env.ref('dsa_tts.user_portal_rossi_service_demo'))._dsa_sign(
    'Giulia Rossi', %r, ip='127.0.0.1')
env.cr.commit()
""" % PNG_B64


def _name(suffix):
    return '%s_bk_%s' % (odoo.tools.config['db_name'], suffix)


def _filestore(dbname):
    return odoo.tools.config.filestore(dbname)


def _exists(dbname):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (dbname,))
        found = bool(cr.fetchone())
    conn.close()
    return found


def _scalar(dbname, query):
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute(query)
        value = cr.fetchone()[0]
    conn.close()
    return value


def _run(*args):
    proc = subprocess.run([sys.executable, BACKUP, '-c', _conf()] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.fixture(scope='module')
def source():
    base = os.environ.get('DSA_TEST_BASE_DB')
    assert base, 'run through `make test` (DSA_TEST_BASE_DB is not set)'
    dbname = _name('src')
    _copy(base, dbname)
    proc = subprocess.run([sys.executable, ODOO_BIN, 'shell', '-c', _conf(), '-d', dbname,
                           '--no-http', '--log-level=warn'],
                          input=SIGN.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    signed = _scalar(dbname, "SELECT dsa_signed_sha256 FROM project_task "
                             "WHERE dsa_signed_on IS NOT NULL ORDER BY id LIMIT 1")
    assert signed, proc.stdout.decode()[-3000:]
    yield dbname
    _drop(dbname)


@pytest.fixture(scope='module')
def archive(source, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp('backups'))
    rc, out, err = _run('backup', '-d', source, '-o', folder + os.sep)
    assert rc == 0, err
    path = out.strip()
    assert os.path.dirname(path) == folder and path.endswith('.zip'), out
    return path


@pytest.fixture
def target():
    dbname = _name('restored')
    _drop(dbname)
    yield dbname
    _drop(dbname)


def _counts(dbname):
    return {
        'partners': _scalar(dbname, 'SELECT count(*) FROM res_partner'),
        'attachments': _scalar(dbname, 'SELECT count(*) FROM ir_attachment'),
        'signed_reports': _scalar(
            dbname, 'SELECT count(*) FROM project_task WHERE dsa_signed_on IS NOT NULL'),
    }


def _signed_member(dbname):
    """filestore/<store_fname> of the signed report's archived PDF, and its SHA-256."""
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute('SELECT a.store_fname, t.dsa_signed_sha256 FROM project_task t '
                   'JOIN ir_attachment a ON a.id = t.dsa_signed_attachment_id '
                   'WHERE t.dsa_signed_on IS NOT NULL ORDER BY t.id LIMIT 1')
        fname, digest = cr.fetchone()
    conn.close()
    return 'filestore/' + fname, digest


def _sha256_line(data, member):
    return '%s  %s\n' % (hashlib.sha256(data).hexdigest(), member)


def _damaged(archive, path, change, rehash=False):
    """A copy of ``archive`` at ``path`` with the members of ``change`` replaced
    by new bytes (or removed: None); ``rehash`` rewrites checksums.sha256 to
    match, as someone covering the damage would."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as dst:
        members = {}
        for info in src.infolist():
            data = src.read(info)
            if info.filename in change:
                data = change[info.filename]
            if data is not None:
                members[info.filename] = data
        if rehash:
            members['checksums.sha256'] = ''.join(
                _sha256_line(data, name) for name, data in members.items()
                if name != 'checksums.sha256').encode()
        for name, data in members.items():
            dst.writestr(name, data)
    return path


def _assert_refused(archive, dbname, *names):
    rc, out, err = _run('restore', '-d', dbname, archive)
    assert rc == 1, err
    refusal = [line for line in err.splitlines() if 'REFUSED' in line]
    assert refusal, err
    for name in names:
        assert name in refusal[0], refusal[0]
    assert not _exists(dbname), 'a half-restored database was left behind'
    assert not os.path.exists(_filestore(dbname)), 'a half-restored filestore was left behind'
    return refusal[0]


def test_archive_is_odoos_zip_with_checksums(archive, source):
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read('manifest.json').decode())
        listed = dict(reversed(line.split('  ', 1)) for line in
                      zf.read('checksums.sha256').decode().splitlines())
        for member in ('dump.sql', 'manifest.json', _signed_member(source)[0]):
            assert member in listed
        assert set(listed) == names - {'checksums.sha256'}
        for member, digest in listed.items():
            assert _sha256_line(zf.read(member), member).split()[0] == digest
    assert {'dump.sql', 'manifest.json'} <= names
    assert manifest['db_name'] == source and manifest['major_version'] == '11.0'
    assert manifest['modules']['dsa_tts']
    # restorable by Odoo's own restore: it extracts dump.sql and filestore/ only
    assert all(n.startswith('filestore/') for n in names
               - {'dump.sql', 'manifest.json', 'checksums.sha256'})
    assert os.stat(archive).st_mode & 0o077 == 0, 'the archive is readable by others'


def test_backup_restore_verify(archive, source, target):
    rc, out, err = _run('restore', '-d', target, archive)
    assert rc == 0, err
    restored = json.loads(out)
    expected = _counts(source)
    assert _counts(target) == expected
    assert restored['partners'] == expected['partners']
    assert restored['attachments'] == expected['attachments']
    assert restored['signed_reports'] == expected['signed_reports'] >= 1
    member, digest = _signed_member(target)
    with open(os.path.join(_filestore(target), member[len('filestore/'):]), 'rb') as f:
        assert _sha256_line(f.read(), '').split()[0] == digest
    # verify alone, and the restore refuses an existing name
    rc, out, err = _run('verify', '-d', target)
    assert rc == 0 and json.loads(out) == restored, err
    rc, out, err = _run('restore', '-d', target, archive)
    assert rc == 1 and 'exists already' in err
    assert _counts(target) == expected


def _attach_while(dbname, stop, created):
    """Attachments written as Odoo writes them (the file under its SHA-1 name,
    then the row, committed), one every few milliseconds, until ``stop``.
    Plain SQL: the server's ORM runs in another process."""
    conn = _connect(dbname)
    store = _filestore(dbname)
    while not stop.is_set():
        data = os.urandom(64) + str(len(created)).encode()
        sha1 = hashlib.sha1(data).hexdigest()
        fname = '%s/%s' % (sha1[:2], sha1)
        os.makedirs(os.path.join(store, sha1[:2]), exist_ok=True)
        with open(os.path.join(store, fname), 'wb') as f:
            f.write(data)
        with conn.cursor() as cr:
            cr.execute("INSERT INTO ir_attachment (name, type, store_fname, checksum, file_size, "
                       "create_date, write_date) VALUES (%s, 'binary', %s, %s, %s, now(), now())",
                       ('during backup %d' % len(created), fname, sha1, len(data)))
        created.append(fname)
        stop.wait(0.005)
    conn.close()


def test_backup_while_attachments_are_written(source, target, tmp_path):
    """A backup taken while attachments arrive restores whole: every file that
    the dump's rows name is in the archive with its SHA-1."""
    stop, created = threading.Event(), []
    writer = threading.Thread(target=_attach_while, args=(source, stop, created))
    writer.start()
    try:
        rc, out, err = _run('backup', '-d', source, '-o', str(tmp_path / 'live.zip'))
    finally:
        stop.set()
        writer.join()
    assert rc == 0, err
    assert len(created) > 10
    # files attached between Odoo's filestore copy and the dump's snapshot
    assert 'attached during the backup: taken from the live filestore' in err
    rc, out, err = _run('restore', '-d', target, str(tmp_path / 'live.zip'))
    assert rc == 0, err
    assert json.loads(out)['files'] == _scalar(
        target, 'SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL')


def test_truncated_dump_refused(archive, target, tmp_path):
    with zipfile.ZipFile(archive) as zf:
        dump = zf.read('dump.sql')
    path = _damaged(archive, str(tmp_path / 'a.zip'), {'dump.sql': dump[:len(dump) // 2]})
    _assert_refused(path, target, 'dump.sql', 'checksums.sha256')
    # even with the checksum list rewritten to match: the dump is incomplete
    path = _damaged(archive, str(tmp_path / 'b.zip'), {'dump.sql': dump[:len(dump) // 2]},
                    rehash=True)
    assert 'truncated' in _assert_refused(path, target, 'dump.sql')


def test_removed_filestore_file_refused(archive, source, target, tmp_path):
    member = _signed_member(source)[0]
    path = _damaged(archive, str(tmp_path / 'a.zip'), {member: None})
    _assert_refused(path, target, member, 'missing')
    path = _damaged(archive, str(tmp_path / 'b.zip'), {member: None}, rehash=True)
    _assert_refused(path, target, member, 'missing')


def test_altered_filestore_file_refused(archive, source, target, tmp_path):
    member = _signed_member(source)[0]
    with zipfile.ZipFile(archive) as zf:
        data = zf.read(member)
    altered = data.replace(b'Giulia Rossi', b'Giulia Rozzi') if b'Giulia Rossi' in data \
        else data + b'%'
    path = _damaged(archive, str(tmp_path / 'a.zip'), {member: altered})
    _assert_refused(path, target, member, 'SHA-256')
    # the checksum list rewritten too: the file no longer has its attachment's SHA-1
    path = _damaged(archive, str(tmp_path / 'b.zip'), {member: altered}, rehash=True)
    _assert_refused(path, target, member, 'SHA-1')


def test_altered_checksum_line_refused(archive, target, tmp_path):
    with zipfile.ZipFile(archive) as zf:
        lines = zf.read('checksums.sha256').decode()
    line = next(li for li in lines.splitlines() if li.endswith('  manifest.json'))
    forged = ('0' if line[0] != '0' else '1') + line[1:]
    path = _damaged(archive, str(tmp_path / 'a.zip'),
                    {'checksums.sha256': lines.replace(line, forged).encode()})
    _assert_refused(path, target, 'manifest.json', 'checksums.sha256')


def test_unknown_module_refused(archive, target, tmp_path):
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read('manifest.json').decode())
    manifest['modules']['dsa_not_here'] = '11.0.1.0.0'
    manifest['modules']['dsa_tts'] = '11.0.99.0.0'
    path = _damaged(archive, str(tmp_path / 'a.zip'),
                    {'manifest.json': json.dumps(manifest).encode()}, rehash=True)
    _assert_refused(path, target, 'manifest.json', 'dsa_not_here')
    del manifest['modules']['dsa_not_here']
    path = _damaged(archive, str(tmp_path / 'b.zip'),
                    {'manifest.json': json.dumps(manifest).encode()}, rehash=True)
    _assert_refused(path, target, 'manifest.json', 'dsa_tts')


def test_dump_that_fails_to_load_is_dropped(archive, target, tmp_path):
    """Checks pass (checksums rewritten), the database is created, psql fails
    halfway: the database and its filestore are dropped."""
    with zipfile.ZipFile(archive) as zf:
        dump = zf.read('dump.sql')
    at = dump.index(b'\nCOPY public.res_partner ') + 1
    broken = dump[:at] + b'SELECT no_such_function_dsa();\n' + dump[at:]
    path = _damaged(archive, str(tmp_path / 'a.zip'), {'dump.sql': broken}, rehash=True)
    assert 'no_such_function_dsa' in _assert_refused(path, target, 'dump.sql', 'does not load')


def test_signed_pdf_hash_mismatch_is_dropped(archive, source, target, tmp_path):
    """The restore runs whole (checksums and SHA-1s match), but a signed report's
    stored SHA-256 is not its archived PDF's: verification refuses, nothing is left."""
    digest = _signed_member(source)[1]
    with zipfile.ZipFile(archive) as zf:
        dump = zf.read('dump.sql')
    assert digest.encode() in dump
    forged = dump.replace(digest.encode(), b'f' * 64)
    path = _damaged(archive, str(tmp_path / 'a.zip'), {'dump.sql': forged}, rehash=True)
    refusal = _assert_refused(path, target, 'project_task', 'SHA-256 stored at signing')
    assert re.search(r'project_task \d+', refusal)
