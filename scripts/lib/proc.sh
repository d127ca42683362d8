# shellcheck shell=bash
# scripts/lib/proc.sh: the servers scripts/dsa starts, stopped by process id.
#
# Each server started here gets a pid file, $PID_DIR/NAME.pid, holding its process
# id and its start time. A process id is reused by the system once its process has
# ended: stopping by pid alone could kill an unrelated process, and stopping by a
# name pattern (pkill -f) kills whatever matches, other checkouts' servers
# included. So a pid counts only while the process with that id has the start time
# recorded: that is the process started here, and only it is signalled.

# proc_starttime PID: the start time of process PID (clock ticks after boot, from
# /proc; `ps` where there is no /proc). Fails when there is no such live process
# (a zombie, ended but not yet reaped by its parent, counts as ended).
proc_starttime() {
    local stat fields
    if [ -d /proc/self ]; then
        stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
        # the fields after "PID (COMMAND) ", whose command may hold spaces and ')'
        read -r -a fields <<< "${stat##*) }"
        [ "${fields[0]}" != Z ] || return 1
        echo "${fields[19]}"      # field 22 of proc(5): starttime
    else
        ps -o lstart= -p "$1" 2>/dev/null | grep .
    fi
}

# proc_record NAME PID: PID is the server NAME, started here (pid file written).
proc_record() {
    local start
    start=$(proc_starttime "$2") || die "process $2 ($1) ended at once"
    mkdir -p "$PID_DIR"
    echo "$2 $start" > "$PID_DIR/$1.pid"
}

# proc_pid NAME: prints the pid of the server NAME when it still runs: the process
# with the recorded id has the recorded start time. Fails otherwise.
proc_pid() {
    local pid start now
    [ -f "$PID_DIR/$1.pid" ] || return 1
    read -r pid start < "$PID_DIR/$1.pid" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    now=$(proc_starttime "$pid") || return 1
    [ "$now" = "$start" ] || return 1
    echo "$pid"
}

# proc_start NAME COMMAND...: COMMAND in the background, as the server NAME.
proc_start() {
    local name=$1; shift
    "$@" &
    proc_record "$name" $!
}

# proc_stop NAME [SECONDS]: stop the server NAME by its pid: SIGTERM (Odoo and
# PostgreSQL shut down cleanly on it), SIGKILL if it still runs after SECONDS
# (default 30). Fails when it was not running. The pid file goes either way.
proc_stop() {
    local name=$1 limit=${2:-30} pid i
    if ! pid=$(proc_pid "$name"); then
        rm -f "$PID_DIR/$name.pid"
        return 1
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < limit * 5; i++)); do
        proc_pid "$name" >/dev/null || break
        sleep 0.2
    done
    if proc_pid "$name" >/dev/null; then
        say "$name (pid $pid) still runs after ${limit}s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 25; i++)); do
            proc_pid "$name" >/dev/null || break
            sleep 0.2
        done
    fi
    wait "$pid" 2>/dev/null || true     # reaps it when it is a child of this shell
    rm -f "$PID_DIR/$name.pid"
}
