# shellcheck shell=bash
# scripts/lib/pg.sh: the private PostgreSQL cluster ($DSA_PG_DIR: data, Unix socket,
# log; superuser `odoo`, no TCP) and the databases in it: initdb, start, stop,
# create, copy, drop. Every psql here goes to the cluster (PGHOST, set by pg_start).

# pg_bindir: the folder of initdb and pg_ctl (DSA_PG_BIN, else Debian's newest).
pg_bindir() {
    local d
    if [ -n "${DSA_PG_BIN:-}" ]; then echo "$DSA_PG_BIN"; return; fi
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    dirname "$(command -v pg_ctl || die 'pg_ctl not found: install postgresql')"
}

# as_pg COMMAND...: initdb and pg_ctl refuse to run as root: as root, the cluster
# belongs to the `postgres` system user; otherwise to the current user.
as_pg() {
    if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# pg_alt_dir: where the cluster goes, as root, when the postgres user cannot reach
# DSA_PG_DIR (the project under /root): a private folder named after the project.
pg_alt_dir() {
    echo "/var/tmp/dsa-pg-$(echo "$ROOT" | sha1sum | cut -c1-12)"
}

pg_prepare_dir() {
    if is_root; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user: install postgresql"
        mkdir -p "$DSA_PG_DIR"
        chown postgres: "$DSA_PG_DIR"
        if ! (cd / && runuser -u postgres -- test -w "$DSA_PG_DIR"); then
            local alt
            alt=$(pg_alt_dir)
            say "postgres cannot reach $DSA_PG_DIR; using $alt"
            DSA_PG_DIR=$alt
            mkdir -p "$DSA_PG_DIR"; chown postgres: "$DSA_PG_DIR"; chmod 700 "$DSA_PG_DIR"
        fi
    else
        mkdir -p "$DSA_PG_DIR"
    fi
}

# pg_start: initdb the cluster the first time, start it unless it runs, and point
# psql and Odoo at it (PGHOST, PGPORT, PGUSER).
pg_start() {
    local bin; bin=$(pg_bindir)
    pg_prepare_dir
    local data=$DSA_PG_DIR/data sock=$DSA_PG_DIR/run
    as_pg mkdir -p "$sock"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "creating PostgreSQL cluster in $data"
        as_pg "$bin/initdb" -D "$data" -U odoo -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # PostgreSQL's own durability (fsync on): the served database holds signed
    # evidence. Only the throwaway test databases trade it (db_fast, below).
    local opts="-p $DSA_PG_PORT -k $sock -c listen_addresses=''"
    if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && \
       [ "$(as_pg psql -h "$sock" -p "$DSA_PG_PORT" -U odoo -d postgres -tAc 'SHOW fsync' 2>/dev/null)" = off ]; then
        # started by an earlier version of this script, with fsync=off for every database
        say "restarting PostgreSQL with fsync on (it ran with fsync=off)"
        as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "starting PostgreSQL (socket $sock, port $DSA_PG_PORT)"
        as_pg "$bin/pg_ctl" -D "$data" -l "$DSA_PG_DIR/postgresql.log" -w -t 60 \
            -o "$opts" start >/dev/null \
            || die "PostgreSQL did not start; see $DSA_PG_DIR/postgresql.log"
    fi
    PGHOST=$sock; PGPORT=$DSA_PG_PORT; PGUSER=odoo
    export PGHOST PGPORT PGUSER
}

# pg_stop: stop the cluster of DSA_PG_DIR. pg_ctl stops it by process id: the
# postmaster's, read from PostgreSQL's own pid file (data/postmaster.pid, written at
# start and removed at shutdown); never by name. Other clusters are left alone.
pg_stop() {
    local bin; bin=$(pg_bindir)
    local data=$DSA_PG_DIR/data
    [ -d "$DSA_PG_DIR" ] || { say "no cluster"; return 0; }
    if is_root && ! (cd / && runuser -u postgres -- test -r "$data/PG_VERSION" 2>/dev/null); then
        DSA_PG_DIR=$(pg_alt_dir); data=$DSA_PG_DIR/data
    fi
    if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
    else
        say "PostgreSQL is not running"
    fi
}

# db_fast DB: a throwaway test database commits without waiting for the disk
# (synchronous_commit off: a crash of the machine may lose its last commits, never
# corrupt it nor any other database). The served database keeps the default.
db_fast() {
    psql -q -d postgres -c "ALTER DATABASE \"$1\" SET synchronous_commit = off" >/dev/null
}

db_exists() {
    [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]
}

# db_drop DB: the database and its filestore.
db_drop() {
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$DSA_HOME/data/filestore/$1"
}

# db_copy SOURCE TARGET: database and filestore
db_copy() {
    psql -q -d postgres -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" >/dev/null
    db_fast "$2"    # every copy is a throwaway test, load or benchmark database
    if [ -d "$DSA_HOME/data/filestore/$1" ]; then
        mkdir -p "$DSA_HOME/data/filestore"
        cp -a "$DSA_HOME/data/filestore/$1" "$DSA_HOME/data/filestore/$2"
    fi
}

cmd_psql() { setup; exec psql -d "$DSA_DB" "$@"; }
