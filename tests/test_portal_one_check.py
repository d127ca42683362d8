"""The suite's portal pages check access in one way (issue 23).

Every page and list of a record goes through dsa_security's
``DsaPortalAccess`` (``_dsa_portal_record``, ``_dsa_portal_search``): as the
user through access rights and record rules, or through the model's own
``_dsa_portal_domain``. A controller that checks rights itself, or that
inherits the portal without that check, would bring back the five ways of
checking that issue 23 removed.
"""
import ast
import glob
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELPER = os.path.join('dsa_security', 'controllers', 'portal_access.py')
OWN_CHECKS = ('check_access_rights', 'check_access_rule')


def _controllers():
    for path in sorted(glob.glob(os.path.join(ROOT, 'addons', 'dsa_*', 'controllers', '*.py'))):
        if not path.endswith(HELPER):
            with open(path) as f:
                yield os.path.relpath(path, ROOT), ast.parse(f.read())


def test_no_controller_checks_rights_itself():
    found = []
    for path, tree in _controllers():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in OWN_CHECKS:
                found.append('%s:%d %s' % (path, node.lineno, node.attr))
    assert not found, 'portal access checked outside DsaPortalAccess: %s' % found


def test_every_portal_controller_inherits_the_one_check():
    """A page of the customer portal is a CustomerPortal; the suite's ones are
    DsaPortalAccess (which is one)."""
    bases = {}
    for path, tree in _controllers():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = [getattr(b, 'id', getattr(b, 'attr', None)) for b in node.bases]
                bases['%s:%s' % (path, node.name)] = names
    portal = {k: v for k, v in bases.items() if 'CustomerPortal' in v or 'DsaPortalAccess' in v}
    assert len(portal) >= 5, portal     # plants, calls, contracts, documents, hours
    wrong = [k for k, v in portal.items() if 'DsaPortalAccess' not in v]
    assert not wrong, 'portal controllers without the one access check: %s' % wrong
