"""Compatibility of Odoo 11 with the libraries pinned in constraints.txt, applied
before Odoo loads its addons (by scripts/odoo-bin and by the pytest conftest.py).

- python-stdnum 1.20 (the version pinned for Python 3.6) calls the list of EU VAT
  countries ``MEMBER_STATES``; Odoo 11's ``base_vat_autocomplete`` (installed by
  itself with ``base_vat``, a dependency of ``l10n_it``) reads ``_country_codes``
  at import and stops the server without it.
"""


def apply():
    try:
        import stdnum.eu.vat as stdnum_vat
    except ImportError:
        return
    if not hasattr(stdnum_vat, 'country_codes') and not hasattr(stdnum_vat, '_country_codes'):
        stdnum_vat._country_codes = stdnum_vat.MEMBER_STATES
