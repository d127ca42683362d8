"""The index of guarantees (docs/guarantees.md) names only things that exist.

Each row of its tables names, in backquotes, the code (``file:function``,
``file:Class.method``), the rule or check (an XML id ``addon.xml_id``, or a
``file:function``) and the test (``file::test``, ``file::Class::test``) of one
requirement or security promise. A rename that the index does not follow would
send a new developer to nothing: these checks fail on it. Paths are under
``addons/`` when they start with an addon's name, else under the project root.
No database is needed.
"""
import ast
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INDEX = os.path.join(ROOT, 'docs', 'guarantees.md')
REQUIREMENTS = os.path.join(ROOT, 'docs', 'requirements.md')
ROW_ID = re.compile(r'^\|\s*((?:TTS|CRM|PRC|ACB|SEC|CRASH|OPS)-\d+)\s*\|')
TICKED = re.compile(r'`([^`]+)`')
PATH = re.compile(r'^[\w./-]+\.(py|xml|csv|md|conf)$|^scripts/[\w.-]+$')
CODE = re.compile(r'^([\w./-]+\.py):(\w+(?:\.\w+)?)$')
TEST = re.compile(r'^([\w./-]+\.py)::(\w+(?:::\w+)?)$')
XMLID = re.compile(r'^(dsa_\w+)\.(\w+)$')


def rows(path=None):
    """[(row id, [names in backquotes of its code, rule and test cells])]."""
    found = []
    with open(path or INDEX) as f:
        for line in f:
            match = ROW_ID.match(line)
            if match:
                cells = line.strip().strip('|').split('|')
                found.append((match.group(1), TICKED.findall('|'.join(cells[2:]))))
    return found


def resolve(path):
    """A path of the index, relative to addons/ for an addon's files."""
    first = path.split('/')[0]
    base = os.path.join(ROOT, 'addons') if first.startswith('dsa_') else ROOT
    return os.path.join(base, path)


_TREES = {}
_XML_IDS = {}


def _tree(path):
    if path not in _TREES:
        with open(resolve(path)) as f:
            _TREES[path] = ast.parse(f.read())
    return _TREES[path]


def _defines(tree, name):
    """Whether ``name`` (``function`` or ``Class.method``) is defined in ``tree``."""
    if '.' in name:
        cls, name = name.split('.')
        nodes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls]
        return any(isinstance(m, ast.FunctionDef) and m.name == name
                   for n in nodes for m in n.body)
    return any(isinstance(n, ast.FunctionDef) and n.name == name for n in ast.walk(tree))


def _xml_ids(addon):
    if addon not in _XML_IDS:
        ids = set()
        for xml in glob.glob(os.path.join(ROOT, 'addons', addon, '**', '*.xml'), recursive=True):
            with open(xml) as f:
                ids.update(re.findall(r'\bid="([\w.]+)"', f.read()))
        _XML_IDS[addon] = ids
    return _XML_IDS[addon]


def problems(path=None):
    """Every name of the index that names nothing, as 'ROW: name: why'."""
    wrong = []
    for row, names in rows(path):
        for name in names:
            why = check(name)
            if why:
                wrong.append('%s: %s: %s' % (row, name, why))
    return wrong


def check(name):
    """Why ``name`` names nothing, or None. Plain words in backquotes that are
    neither a path, code, test nor XML id (e.g. ``groups=``) are not checked."""
    test, code, xmlid = TEST.match(name), CODE.match(name), XMLID.match(name)
    target = test or code
    if target:
        if not os.path.isfile(resolve(target.group(1))):
            return 'no such file'
        tree = _tree(target.group(1))
        if test:
            parts = target.group(2).split('::')
            wanted = '.'.join(parts) if len(parts) == 2 else parts[0]
            return None if _defines(tree, wanted) else 'no such test'
        return None if _defines(tree, target.group(2)) else 'no such function'
    if PATH.match(name):
        return None if os.path.exists(resolve(name)) else 'no such file'
    if xmlid:
        if not os.path.isdir(os.path.join(ROOT, 'addons', xmlid.group(1))):
            return 'no such addon'
        return None if xmlid.group(2) in _xml_ids(xmlid.group(1)) else 'no such XML id'
    return None


def test_every_named_thing_exists():
    wrong = problems()
    assert not wrong, 'docs/guarantees.md names what does not exist:\n' + '\n'.join(wrong)


def test_every_requirement_has_a_row_with_code_and_test():
    with open(REQUIREMENTS) as f:
        ids = set(re.findall(r'^\| ((?:TTS|CRM|PRC|ACB)-\d+) \|', f.read(), re.M))
    index = dict(rows())
    assert ids, 'no requirement found in docs/requirements.md'
    assert not ids - set(index), 'requirements without a row: %s' % sorted(ids - set(index))
    thin = [row for row, names in index.items()
            if not any(CODE.match(n) or PATH.match(n) for n in names)
            or not any(TEST.match(n) for n in names)]
    assert not thin, 'rows without code or test: %s' % thin


def test_the_check_catches_a_missing_thing():
    """The check itself: a row naming a missing function, test, file or XML id fails."""
    assert check('dsa_tts/models/dsa_plant.py:components_at') is None
    assert check('dsa_tts/models/dsa_plant.py:no_such_function') == 'no such function'
    assert check('dsa_tts/tests/test_plant.py::TestPlant::test_no_such_test') == 'no such test'
    assert check('dsa_tts/tests/test_plant.py::TestPlantRecordRules::'
                 'test_code_from_sequence_and_unique') == 'no such test'
    assert check('dsa_tts/models/no_such_file.py:create') == 'no such file'
    assert check('dsa_tts.no_such_rule') == 'no such XML id'
    assert check('dsa_tts.dsa_plant_rule_portal') is None
    assert check('tests/test_platform_security.py::test_committed_conf_has_no_master_password') \
        is None
