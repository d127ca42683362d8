# shellcheck shell=bash
# scripts/lib/venv.sh: the interpreters and tools scripts/dsa runs: the Odoo
# virtualenv (Python 3.6, DSA_VENV), the tools virtualenv (a modern Python for
# Playwright and pylint-odoo, $DSA_HOME/tools-venv) and lessc (npm, $DSA_HOME/node).
# Each is (re)installed only when its requirements changed (a stamp holds their hash).

# find_python36: a Python 3.6 interpreter (DSA_PYTHON, PATH, pyenv), as a path.
find_python36() {
    local c
    for c in "${DSA_PYTHON:-}" python3.6 \
             "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.6*/bin/python \
             /usr/bin/python3.6 /usr/local/bin/python3.6; do
        [ -n "$c" ] || continue
        if command -v "$c" >/dev/null 2>&1 && \
           "$c" -c 'import sys; assert sys.version_info[:2] == (3, 6)' 2>/dev/null; then
            command -v "$c"; return 0
        fi
    done
    return 1
}

# find_modern_python: a Python >= 3.8 with venv (DSA_E2E_PYTHON, PATH, pyenv), for
# the tools that no longer run on 3.6 (Playwright, pylint-odoo).
find_modern_python() {
    local c
    for c in "${DSA_E2E_PYTHON:-}" python3.12 python3.11 python3.10 python3 \
             "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.1[0-9]*/bin/python; do
        [ -n "$c" ] || continue
        if command -v "$c" >/dev/null 2>&1 && \
           "$c" -c 'import sys, venv, ensurepip; assert sys.version_info[:2] >= (3, 8)' 2>/dev/null; then
            command -v "$c"; return 0
        fi
    done
    return 1
}

# stamp_is FILE HASH: the requirements that FILE records are HASH (nothing to do).
stamp_is() {
    [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

# ensure_venv: the Odoo venv, created and filled when its requirements changed.
ensure_venv() {
    local stamp=$DSA_VENV/.dsa-requirements want
    want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/constraints.txt" | sha1sum | cut -c1-40)
    if stamp_is "$stamp" "$want"; then return 0; fi
    # several checkouts may share one venv (DSA_VENV): one installer at a time
    mkdir -p "$(dirname "$DSA_VENV")"
    exec 8>"$DSA_VENV.lock"
    flock 8
    if stamp_is "$stamp" "$want"; then flock -u 8; return 0; fi
    if [ ! -x "$PY" ]; then
        local py36
        py36=$(find_python36) || die "Python 3.6 not found (Odoo 11 needs it).
    Install one, e.g. 'pyenv install 3.6.15' or Debian's python3.6, or point
    DSA_PYTHON at its interpreter."
        say "creating virtualenv $DSA_VENV with $py36"
        "$py36" -m venv "$DSA_VENV"
    fi
    install_odoo_wheels
    echo "$want" > "$stamp"
    flock -u 8
}

# ensure_venv_nodeps: the OCA addon wheels (packages.sh: install_nodeps_wheels), with
# their own stamp, so that they add to a venv without touching it.
ensure_venv_nodeps() {
    local stamp=$DSA_VENV/.dsa-requirements-nodeps want
    want=$(sha1sum < "$ROOT/requirements-nodeps.txt" | cut -c1-40)
    if stamp_is "$stamp" "$want"; then return 0; fi
    exec 8>"$DSA_VENV.lock"
    flock 8
    if stamp_is "$stamp" "$want"; then flock -u 8; return 0; fi
    install_nodeps_wheels
    echo "$want" > "$stamp"
    flock -u 8
}

# ensure_tools_venv: the tools venv, created and filled when its requirements changed.
ensure_tools_venv() {
    local stamp=$TOOLS_VENV/.dsa-requirements want py
    want=$(sha1sum < "$ROOT/requirements-tools.txt" | cut -c1-40)
    if stamp_is "$stamp" "$want"; then return 0; fi
    if [ ! -x "$TOOLS_VENV/bin/python" ]; then
        py=$(find_modern_python) || die "no Python >= 3.8 with venv for the browser tests.
    Install Debian's python3 and python3-venv, or point DSA_E2E_PYTHON at one."
        say "creating the tools virtualenv $TOOLS_VENV with $py"
        "$py" -m venv "$TOOLS_VENV"
    fi
    install_tools_wheels
    echo "$want" > "$stamp"
}

# ensure_lessc: lessc 3.0.4 from npm into $DSA_HOME/node, put on PATH (Odoo 11
# compiles its LESS with the lessc it finds there; Debian's node-less does not run
# with current Node.js).
ensure_lessc() {
    local dir=$DSA_HOME/node
    if [ ! -x "$dir/node_modules/.bin/lessc" ]; then
        command -v npm >/dev/null || die "npm not found: install Node.js and npm"
        say "installing lessc 3.0.4 into $dir"
        mkdir -p "$dir"
        npm install --silent --no-audit --no-fund --prefix "$dir" \
            less@3.0.4 less-plugin-clean-css@1.5.1 >/dev/null
    fi
    export PATH=$dir/node_modules/.bin:$PATH
}
