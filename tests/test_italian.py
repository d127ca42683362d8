"""Every translatable term of the suite has its Italian translation (issue 28).

The terms are the ones Odoo itself exports for a translation (``trans_generate``,
what *Settings > Translations > Export* and ``--i18n-export`` write): field
labels, helps and selections, views, menus, actions, QWeb templates, mail
templates, JavaScript ``_t`` terms and Python ``_()`` messages of every ``dsa_*``
addon.  Each must be in that addon's ``i18n/it.po`` with a non-empty ``msgstr``,
at the place Odoo loads it for: a record's term under that record's reference
(``model:ir.model.fields,field_description:dsa_tts.field_...``), a selection
under its field, a code term by its text.  The ``.pot`` of the addon counts the
way Odoo's loader uses it (its references get the ``.po``'s translation of the
same text).

Then the Italian screens: the labels, menus and messages a user of each role
reads are looked up through the translations actually loaded in the database,
and none may come back in English."""
import io
import os
import re

import odoo
from odoo.tests.common import TransactionCase
from odoo.tools.translate import PoFile, trans_generate

# English words that are no Italian word: a "translation" equal to its English
# text that holds one of them was copied, not translated (Odoo's own export
# fills an untranslated msgstr with its msgid).
ENGLISH_ONLY = set(
    'the of and to is are for with your you this that from by on at be its or was has '
    'have can cannot will all any each every which when only not'.split())


def _key(trans_type, name, res_id, src, comments=()):
    """The identity under which Odoo loads and looks up a translation: a record's
    term belongs to that record (its xml id), a selection to its field, code
    and constraint terms are found by their text alone, and the web client's
    terms (JavaScript ``_t``, QWeb templates of static/src/xml) by their text
    in an entry marked ``openerp-web`` (the only ones sent to the browser)."""
    if trans_type == 'code' and any('openerp-web' in c for c in comments):
        return ('web', src)
    if trans_type == 'model':
        # a field whose xml id collides with another's gets the database id of
        # its record as a suffix (dsa_tts.field_dsa_ticket_stage_id_3088): the
        # same field on every database
        if name.startswith('ir.model.fields,'):
            res_id = re.sub(r'_\d+$', '', str(res_id))
        return ('model', name, str(res_id), src)
    if trans_type == 'selection':
        return ('selection', name, src)
    return ('code', src)


def copied_english(addon_dir):
    """Entries of ``i18n/it.po`` whose msgstr is their English msgid."""
    copied = []
    for trans_type, name, res_id, src, value, _comments in _read_po(
            os.path.join(addon_dir, 'i18n', 'it.po')):
        words = set(re.findall(r'[a-z]+', re.sub(r'<[^>]+>|%\(\w+\)s', '', src.lower())))
        if value == src and words & ENGLISH_ONLY:
            copied.append((trans_type, name, res_id, src))
    return copied


def _read_po(path):
    """(type, name, res_id, src, msgstr, comments) of each reference of a
    .po/.pot file."""
    if not os.path.exists(path):
        return []
    with open(path, 'rb') as f:
        data = io.BytesIO(f.read())
    data.name = path
    return [(t, n, r, s, v, tuple((c or '').split('\n'))) for t, n, r, s, v, c in PoFile(data)]


def translated_keys(addon_dir, module):
    """The keys that Odoo's loader translates from ``i18n/it.po`` (and, for the
    text the .po translates, the other references of ``i18n/<module>.pot``)."""
    po = _read_po(os.path.join(addon_dir, 'i18n', 'it.po'))
    pot = _read_po(os.path.join(addon_dir, 'i18n', module + '.pot'))
    done = {src for _t, _n, _r, src, value, _c in po if value.strip()}
    refs = [(t, n, r, s, c) for t, n, r, s, v, c in po if v.strip()]
    # Odoo's loader applies the .pot's references (with the .pot's comments)
    # only where the .po does not name the same reference itself
    named = {(t, n, r if t != 'code' else 0, s) for t, n, r, s, _v, _c in po}
    refs += [(t, n, r, s, c) for t, n, r, s, _v, c in pot
             if s in done and (t, n, r if t != 'code' else 0, s) not in named]
    keys = {_key(*ref) for ref in refs}
    # a web term's translation is a code translation too (Python finds it by text)
    keys |= {_key(t, n, r, s) for t, n, r, s, _c in refs}
    return keys


def _delegated(env, trans_type, name):
    """Whether a record term is a field that the model reads from its parent
    (``product.product,name`` is the template's): Odoo exports it, but the
    translation that is shown is the parent's, which is exported too."""
    if trans_type != 'model':
        return False
    model, _comma, field = name.partition(',')
    field = env[model]._fields.get(field) if model in env else None
    return bool(field and field.inherited)


def suite_terms(cr, modules):
    """{module: {key: (type, name, res_id, src)}} of every term Odoo exports for
    the ``modules``."""
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    terms = {}
    for module, trans_type, name, res_id, src, _trad, comments in trans_generate(
            None, modules, cr):
        if _delegated(env, trans_type, name):
            continue
        terms.setdefault(module, {})[_key(trans_type, name, res_id, src, comments)] = (
            trans_type, name, res_id, src)
    return terms


def _core_translated(cr, module_terms):
    """Keys of the record terms whose record also belongs to a core module
    (``dsa_security.model_mail_mail`` is ``mail.model_mail_mail``): Odoo
    translates a record, whatever module names it, so these count when the
    database holds their Italian for that record and that exact text (a label
    the suite changed has none)."""
    done = set()
    for key, (trans_type, name, xmlid, src) in module_terms.items():
        if trans_type != 'model':
            continue
        module, _dot, xml_name = xmlid.partition('.')
        cr.execute("""
            SELECT 1 FROM ir_model_data own
              JOIN ir_model_data other ON other.model = own.model AND other.res_id = own.res_id
              JOIN ir_translation t ON t.res_id = own.res_id AND t.name = %s AND t.src = %s
                                   AND t.lang = 'it_IT' AND t.value != '' AND t.type = 'model'
             WHERE own.module = %s AND own.name = %s AND other.module NOT LIKE 'dsa\\_%%'
             LIMIT 1""", (name, src, module, xml_name))
        if cr.fetchone():
            done.add(key)
    return done


def missing_terms(cr):
    """{module: [(type, name, res_id, src)]}: the suite's terms with no Italian."""
    cr.execute("SELECT name FROM ir_module_module WHERE name LIKE 'dsa\\_%%' "
               "AND state = 'installed' ORDER BY name")
    modules = [row[0] for row in cr.fetchall()]
    missing = {}
    for module, terms in sorted(suite_terms(cr, modules).items()):
        addon_dir = odoo.modules.module.get_module_path(module)
        done = translated_keys(addon_dir, module) | _core_translated(cr, terms)
        lacking = [terms[k] for k in sorted(terms, key=str) if k not in done]
        if lacking:
            missing[module] = lacking
    return missing


class TestItalianTerms(TransactionCase):

    def test_every_term_of_the_suite_has_italian(self):
        """A term added without its Italian (in any dsa_* addon) fails here,
        named with its addon and reference."""
        missing = missing_terms(self.env.cr)
        lines = ['%s: %s %s %s: %r' % ((module,) + term)
                 for module, terms in missing.items() for term in terms]
        self.assertFalse(lines, '%d terms without Italian:\n%s' % (
            len(lines), '\n'.join(lines[:200])))

    def test_no_english_copied_as_italian(self):
        """An msgstr that is its English msgid is no translation."""
        root = os.path.dirname(odoo.modules.module.get_module_path('dsa_base'))
        copied = ['%s: %r' % (addon, term) for addon in sorted(os.listdir(root))
                  if addon.startswith('dsa_')
                  for term in copied_english(os.path.join(root, addon))]
        self.assertFalse(copied, '\n'.join(copied))

    def test_the_check_sees_a_missing_term(self):
        """The check itself finds a term that has no translation: the Italian of
        one field label of dsa_tts is taken away from the keys it compares."""
        terms = suite_terms(self.env.cr, ['dsa_tts'])['dsa_tts']
        label = next(k for k in sorted(terms, key=str)
                     if k[0] == 'model' and k[1] == 'ir.model.fields,field_description')
        done = translated_keys(odoo.modules.module.get_module_path('dsa_tts'), 'dsa_tts')
        self.assertIn(label, done)
        self.assertNotIn(label, done - {label})


PIXEL = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
         '60e6kgAAAABJRU5ErkJggg==')


class TestItalianDocuments(TransactionCase):
    """Numbers and times in the customer's language and time zone on the
    intervention report (issue 28: "1.0" and "2026-12-07 11:21:15 UTC" on the PDF
    while the portal showed 12:21)."""

    def test_report_in_the_customers_language_and_time_zone(self):
        task = self.env.ref('dsa_tts.project_task_rossi_panel_demo')
        self.assertEqual((task.partner_id.lang, task.partner_id.tz), ('it_IT', 'Europe/Rome'))
        self.assertTrue(task.dsa_material_ids)
        html = task._dsa_report_html(sign={
            'signer': 'Giulia Rossi', 'date': '2026-12-07 11:21:15', 'ip': False,
            'signature': PIXEL}).decode('utf-8')
        text = re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', html))
        # 11:21 UTC is 12:21 in Rome in December, written the Italian way
        self.assertIn('07/12/2026 12:21:15 (Europe/Rome)', text)
        self.assertNotIn('11:21', text)
        self.assertNotIn('UTC', text)
        # quantities with a decimal comma
        quantities = [m.quantity for m in task.dsa_material_ids]
        self.assertIn(('%.2f' % quantities[0]).replace('.', ','), text)
        self.assertNotIn(' %.1f ' % quantities[0], text)
