#!/usr/bin/env python
"""Backup and restore of a DSA database as commands (issue 29), without the
database manager's web pages (closed on a public deployment: list_db = False).

    backup.py -c ODOO_CONF backup  -d DB [-o FILE_OR_FOLDER]
    backup.py -c ODOO_CONF restore -d NEW_DB ARCHIVE
    backup.py -c ODOO_CONF verify  -d DB

The archive is Odoo's own backup format, written by Odoo's own code
(``odoo.service.db.dump_db``): a zip with ``dump.sql`` (plain pg_dump),
``filestore/`` and ``manifest.json``, which any Odoo 11 administrator restores
with the database manager or ``odoo.service.db.restore_db``.  One member is
added: ``checksums.sha256`` (``sha256sum`` format, one line per member), which
Odoo's restore ignores (it extracts only dump.sql and filestore/).

A running server can be backed up: pg_dump is a consistent snapshot by itself,
and Odoo's filestore is append-only (files named by their SHA-1, never rewritten,
removed only by the garbage collector once no row names them).  Odoo copies the
filestore before the dump starts, so a file attached meanwhile could be missing
or half-copied: after the dump, every file that the dump's ``ir_attachment`` rows
name is checked against the row's SHA-1 and taken again from the live filestore
when needed.

Restore checks the whole archive before touching anything (zip CRCs, checksums,
manifest against the addons available and their versions, the dump is complete,
every file named by the dump is there with its SHA-1), restores into a new
database only, then verifies the restored database (``verify``): every
attachment's file with its SHA-1, and every signed report's archived PDF with the
SHA-256 stored at signing.  Any failure after the database was created drops it
and its filestore.

Exit status: 0 done, 1 refused or failed (the message names what is wrong).
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import closing

os.environ['ODOO_PRELOAD_ADDONS'] = 'no'

import odoo  # noqa: E402
from odoo.service import db as odoo_db  # noqa: E402
from odoo.tools import parse_version  # noqa: E402

CHECKSUMS = 'checksums.sha256'
DUMP = 'dump.sql'
MANIFEST = 'manifest.json'
DUMP_END = b'-- PostgreSQL database dump complete'
COPY_ATTACHMENTS = re.compile(r'^COPY (?:public\.)?ir_attachment \((.*)\) FROM stdin;$')
DB_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_.-]*$')
CHUNK = 1 << 20


class Refused(Exception):
    """The archive or the database is not as it must be: the message says what."""


def say(msg, *args):
    print('[backup] ' + (msg % args if args else msg), file=sys.stderr, flush=True)


def _hash(name, stream):
    """Hex digest (``name``: sha1, sha256) of a binary stream, read in chunks."""
    h = hashlib.new(name)
    for block in iter(lambda: stream.read(CHUNK), b''):
        h.update(block)
    return h.hexdigest()


def _file_hash(name, path):
    with open(path, 'rb') as f:
        return _hash(name, f)


def _member_hash(zf, member, name='sha256'):
    with zf.open(member) as f:
        return _hash(name, f)


# ----------------------------------------------------------------- the dump

def _copy_value(value):
    """A text value of pg_dump's COPY format (\\N is NULL; store_fname and
    checksum hold no escaped characters)."""
    return None if value == '\\N' else value


def dump_attachments(lines):
    """(id, store_fname, checksum) of every ir_attachment row of a plain dump
    stored in the filestore, read from the dump's lines (bytes)."""
    rows, columns = [], None
    for raw in lines:
        line = raw.decode('utf-8').rstrip('\n')
        if columns is None:
            match = COPY_ATTACHMENTS.match(line)
            if match:
                columns = [c.strip().strip('"') for c in match.group(1).split(',')]
                i_id, i_fname, i_sum = (columns.index(c) for c in ('id', 'store_fname', 'checksum'))
            continue
        if line == '\\.':
            break
        values = line.split('\t')
        fname = _copy_value(values[i_fname])
        if fname:
            rows.append((int(values[i_id]), fname, _copy_value(values[i_sum])))
    return rows


def check_dump_complete(zf):
    """pg_dump ends a plain dump with a fixed comment: a truncated dump lacks it."""
    tail = b''
    with zf.open(DUMP) as f:
        for block in iter(lambda: f.read(CHUNK), b''):
            tail = (tail + block)[-4096:]
    if DUMP_END not in tail:
        raise Refused('%s is truncated: it does not end with pg_dump\'s "%s".'
                      % (DUMP, DUMP_END.decode()))


def db_exists(dbname):
    with closing(odoo.sql_db.db_connect('postgres').cursor()) as cr:
        cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (dbname,))
        return bool(cr.fetchone())


# ----------------------------------------------------------------- backup

def backup(dbname, out):
    """Odoo's zip of ``dbname`` (dump_db), completed with the files its rows
    name, and the checksum list. Returns the archive's path."""
    if not db_exists(dbname):
        raise Refused('database %s does not exist.' % dbname)
    if os.path.isdir(out) or out.endswith(os.sep):
        stamp = datetime.datetime.utcnow().strftime('%Y%m%d-%H%M%S')
        out = os.path.join(out, '%s-%s.zip' % (dbname, stamp))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if os.path.exists(out):
        raise Refused('%s exists already.' % out)
    part = out + '.part'
    started = time.time()
    old_umask = os.umask(0o077)  # password hashes, customers' data
    try:
        with open(part, 'wb') as stream:
            odoo_db.dump_db(dbname, stream, 'zip')
        say('dump_db: %.1f s', time.time() - started)
        _complete_filestore(dbname, part)
        _add_checksums(part)
        os.rename(part, out)
    finally:
        os.umask(old_umask)
        if os.path.exists(part):
            os.unlink(part)
    say('backup of %s: %s (%.1f MB, %.1f s)', dbname, out,
        os.path.getsize(out) / 1e6, time.time() - started)
    return out


def _complete_filestore(dbname, path):
    """Every file named by the dump's ir_attachment rows is in the archive with
    the row's SHA-1; the ones Odoo's copy (made before the dump) missed or caught
    half-written are taken again from the live filestore (append-only: a file
    whose row is committed is complete)."""
    live = odoo.tools.config.filestore(dbname)
    with zipfile.ZipFile(path) as zf:
        with zf.open(DUMP) as f:
            rows = dump_attachments(f)
        names = set(zf.namelist())
        stale = []
        for att_id, fname, checksum in rows:
            member = 'filestore/' + fname
            if member in names and (not checksum or _member_hash(zf, member, 'sha1') == checksum):
                continue
            source = os.path.join(live, fname)
            if not os.path.isfile(source) or (checksum and _file_hash('sha1', source) != checksum):
                raise Refused('the file %s of attachment %d is missing or altered in the '
                              'filestore of %s (%s): the database itself is damaged.'
                              % (fname, att_id, dbname, live))
            stale.append(member)
    if stale:
        say('%d file(s) attached during the backup: taken from the live filestore', len(stale))
        _rewrite(path, {m: os.path.join(live, m[len('filestore/'):]) for m in stale})


def _rewrite(path, replace):
    """Copy the zip at ``path`` with the members of ``replace`` (member: file
    path) taken from disk; zipfile cannot replace a member in place."""
    tmp = path + '.rewrite'
    with zipfile.ZipFile(path) as src, \
            zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                with src.open(info) as f, dst.open(info, 'w') as g:
                    shutil.copyfileobj(f, g, CHUNK)
        for member, source in sorted(replace.items()):
            dst.write(source, member)
    os.replace(tmp, path)


def _add_checksums(path):
    with zipfile.ZipFile(path, 'a', zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        lines = ['%s  %s\n' % (_member_hash(zf, info), info.filename)
                 for info in zf.infolist() if not info.is_dir()]
        zf.writestr(CHECKSUMS, ''.join(lines))


# ----------------------------------------------------------------- archive checks

def check_archive(zf):
    """Everything restore needs from the archive, before touching anything.
    Returns the manifest."""
    bad = zf.testzip()
    if bad:
        raise Refused('%s: damaged in the archive (its CRC does not match).' % bad)
    names = {i.filename for i in zf.infolist() if not i.is_dir()}
    for required in (CHECKSUMS, DUMP, MANIFEST):
        if required not in names:
            raise Refused('%s is missing from the archive.' % required)
    _check_checksums(zf, names)
    manifest = _check_manifest(zf)
    check_dump_complete(zf)
    with zf.open(DUMP) as f:
        rows = dump_attachments(f)
    for att_id, fname, checksum in rows:
        member = 'filestore/' + fname
        if member not in names:
            raise Refused('%s (attachment %d) is missing from the archive.' % (member, att_id))
        if checksum and _member_hash(zf, member, 'sha1') != checksum:
            raise Refused('%s (attachment %d) does not have the SHA-1 of its attachment.'
                          % (member, att_id))
    say('archive checked: %d members, %d modules, %d attachment files',
        len(names), len(manifest['modules']), len(rows))
    return manifest


def _check_checksums(zf, names):
    listed = {}
    for number, line in enumerate(zf.read(CHECKSUMS).decode('utf-8').splitlines(), 1):
        match = re.match(r'^([0-9a-f]{64})  (.+)$', line)
        if not match:
            raise Refused('%s line %d is not "<sha256>  <member>".' % (CHECKSUMS, number))
        listed[match.group(2)] = match.group(1)
    for member in sorted(names - {CHECKSUMS}):
        if member not in listed:
            raise Refused('%s is in the archive but not in %s.' % (member, CHECKSUMS))
    for member, digest in sorted(listed.items()):
        if member not in names:
            raise Refused('%s is listed in %s but missing from the archive.'
                          % (member, CHECKSUMS))
        if _member_hash(zf, member) != digest:
            raise Refused('%s does not match its SHA-256 in %s (altered or truncated).'
                          % (member, CHECKSUMS))


def _check_manifest(zf):
    """Same Odoo series, and every module of the archive available here
    (addons path) in the same version or newer."""
    try:
        manifest = json.loads(zf.read(MANIFEST).decode('utf-8'))
        modules = manifest['modules']
    except (ValueError, KeyError):
        raise Refused('%s is not an Odoo backup manifest.' % MANIFEST)
    if manifest.get('major_version') != odoo.release.major_version:
        raise Refused('%s: the archive is of Odoo %s, this is Odoo %s.' % (
            MANIFEST, manifest.get('major_version'), odoo.release.major_version))
    odoo.modules.module.initialize_sys_path()
    missing, older, newer = [], [], []
    for name, version in sorted(modules.items()):
        if not odoo.modules.module.get_module_path(name, display_warning=False):
            missing.append(name)
            continue
        info = odoo.modules.module.load_information_from_description_file(name)
        here = info.get('version') or ''
        if version and parse_version(here) < parse_version(version):
            older.append('%s %s (archive: %s)' % (name, here, version))
        elif version and parse_version(here) > parse_version(version):
            newer.append(name)
    if missing:
        raise Refused('%s: modules not on the addons path: %s.' % (MANIFEST, ', '.join(missing)))
    if older:
        raise Refused('%s: modules older here than in the archive: %s.'
                      % (MANIFEST, ', '.join(older)))
    if newer:
        say('newer here than in the archive (update them after the restore, -u): %s',
            ', '.join(newer))
    return manifest


# ----------------------------------------------------------------- restore

def restore(archive, dbname):
    """Check, restore into the new database ``dbname``, verify; drop it on failure."""
    if not DB_NAME.match(dbname):
        raise Refused('%r is not a valid database name.' % dbname)
    if db_exists(dbname):
        raise Refused('database %s exists already: restore into a new name.' % dbname)
    filestore = odoo.tools.config.filestore(dbname)
    if os.path.exists(filestore):
        raise Refused('a filestore exists already for %s (%s).' % (dbname, filestore))
    started = time.time()
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as e:
        raise Refused('%s is not a readable zip archive: %s' % (archive, e))
    with zf, tempfile.TemporaryDirectory(prefix='dsa-restore-') as tmp:
        check_archive(zf)
        say('checks: %.1f s', time.time() - started)
        odoo_db._create_empty_database(dbname)
        try:
            _load_dump(zf, dbname, tmp)
            _extract_filestore(zf, filestore)
            say('restored: %.1f s', time.time() - started)
            counts = verify(dbname)
        except BaseException:
            say('restore of %s failed: dropping the database and its filestore', dbname)
            drop(dbname)
            raise
    say('restore of %s into %s: done in %.1f s', archive, dbname, time.time() - started)
    return counts


def _load_dump(zf, dbname, tmp):
    """psql stops at the first error (Odoo's own restore would go on)."""
    path = zf.extract(DUMP, tmp)
    proc = subprocess.run(
        ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction',
         '-d', dbname, '-f', path],
        env=odoo.tools.misc.exec_pg_environ(),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode:
        raise Refused('%s does not load: %s'
                      % (DUMP, proc.stderr.decode('utf-8', 'replace')[-2000:]))
    if odoo.tools.config['unaccent']:
        with closing(odoo.sql_db.db_connect(dbname).cursor()) as cr:
            cr.execute('CREATE EXTENSION IF NOT EXISTS unaccent')
            cr.commit()


def _extract_filestore(zf, filestore):
    root = os.path.realpath(filestore)
    for info in zf.infolist():
        if not info.filename.startswith('filestore/') or info.is_dir():
            continue
        target = os.path.realpath(os.path.join(root, info.filename[len('filestore/'):]))
        if not target.startswith(root + os.sep):
            raise Refused('%s: a path outside the filestore.' % info.filename)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with zf.open(info) as f, open(target, 'wb') as g:
            shutil.copyfileobj(f, g, CHUNK)


def drop(dbname):
    """The database and its filestore, whatever state they are in."""
    odoo.sql_db.close_db(dbname)
    with closing(odoo.sql_db.db_connect('postgres').cursor()) as cr:
        cr.autocommit(True)
        odoo_db._drop_conn(cr, dbname)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % dbname)
    shutil.rmtree(odoo.tools.config.filestore(dbname), ignore_errors=True)


# ----------------------------------------------------------------- verification

def verify(dbname):
    """Every attachment's file and every signed report's PDF, in ``dbname``.

    Plain SQL on purpose: this reads a database that is not trusted yet (just
    restored), without loading its registry (the addons' code), and sees every
    row (the ORM hides field attachments and applies record rules)."""
    started = time.time()
    filestore = odoo.tools.config.filestore(dbname)
    with closing(odoo.sql_db.db_connect(dbname).cursor()) as cr:
        cr.execute('SELECT id, store_fname, checksum FROM ir_attachment '
                   'WHERE store_fname IS NOT NULL ORDER BY id')
        files = cr.fetchall()
        for att_id, fname, checksum in files:
            path = os.path.join(filestore, fname)
            if not os.path.isfile(path):
                raise Refused('the file %s of attachment %d is missing.' % (fname, att_id))
            if checksum and _file_hash('sha1', path) != checksum:
                raise Refused('the file %s of attachment %d does not have its SHA-1.'
                              % (fname, att_id))
        signed = _verify_signed(cr, filestore)
        cr.execute('SELECT count(*) FROM res_partner')
        partners = cr.fetchone()[0]
        cr.execute('SELECT count(*) FROM ir_attachment')
        attachments = cr.fetchone()[0]
    counts = {'partners': partners, 'attachments': attachments, 'files': len(files),
              'signed_reports': signed}
    say('verified %s in %.1f s: %s', dbname, time.time() - started, json.dumps(counts))
    return counts


def _verify_signed(cr, filestore):
    """The tables of the signed documents (dsa.signoff.mixin: its hash and
    archived PDF columns); each signed row's PDF has the SHA-256 stored at signing."""
    cr.execute("""SELECT table_name FROM information_schema.columns
                  WHERE table_schema = 'public' AND column_name IN
                        ('dsa_signed_sha256', 'dsa_signed_attachment_id', 'dsa_signed_on')
                  GROUP BY table_name HAVING count(*) = 3 ORDER BY table_name""")
    count = 0
    for (table,) in cr.fetchall():
        cr.execute('SELECT d.id, d.dsa_signed_sha256, a.id, a.store_fname, a.db_datas '
                   'FROM "%s" d LEFT JOIN ir_attachment a ON a.id = d.dsa_signed_attachment_id '
                   'WHERE d.dsa_signed_on IS NOT NULL ORDER BY d.id' % table)
        for doc_id, digest, att_id, fname, datas in cr.fetchall():
            what = '%s %d' % (table, doc_id)
            if not digest or not att_id:
                raise Refused('the signed report of %s has no archived PDF or no SHA-256.' % what)
            if fname:
                path = os.path.join(filestore, fname)
                if not os.path.isfile(path):
                    raise Refused('the signed PDF of %s (%s) is missing.' % (what, fname))
                actual = _file_hash('sha256', path)
            else:
                actual = hashlib.sha256(bytes(datas or b'')).hexdigest()
            if actual != digest:
                raise Refused('the signed PDF of %s (attachment %d) does not have the SHA-256 '
                              'stored at signing.' % (what, att_id))
            count += 1
    return count


# ----------------------------------------------------------------- command line

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config', required=True, help='Odoo configuration file')
    sub = parser.add_subparsers(dest='command')
    p = sub.add_parser('backup', help="Odoo's zip of a database plus checksums.sha256")
    p.add_argument('-d', '--database', required=True)
    p.add_argument('-o', '--output', default='.', help='zip file, or folder for <db>-<date>.zip')
    p = sub.add_parser('restore', help='check an archive, restore it into a new database, verify')
    p.add_argument('-d', '--database', required=True, help='the new database (must not exist)')
    p.add_argument('archive')
    p = sub.add_parser('verify', help='attachments and signed reports of a database')
    p.add_argument('-d', '--database', required=True)
    args = parser.parse_args(argv)
    if not args.command:
        parser.error('a command: backup, restore or verify')
    odoo.tools.config.parse_config(['-c', args.config])
    # dump_db refuses when the web database manager is closed (list_db = False).
    # This command runs with shell access to the server and its configuration:
    # it opens the switch in its own process only; the web pages stay closed.
    odoo.tools.config['list_db'] = True
    try:
        if args.command == 'backup':
            print(backup(args.database, args.output))
        elif args.command == 'restore':
            print(json.dumps(restore(args.archive, args.database)))
        else:
            print(json.dumps(verify(args.database)))
    except Refused as e:
        say('REFUSED: %s', e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
