import functools
import logging
import subprocess

import lxml.html

from odoo import api, models
from odoo.addons.base.ir.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' %s ')"


@functools.lru_cache(maxsize=1)
def _wkhtmltopdf_draws_headers():
    """Whether wkhtmltopdf draws ``--header-html`` and ``--footer-html``.

    Only builds "with patched qt" do; Debian's wkhtmltopdf ignores them
    ("The switch --header-html, is not support using unpatched qt"), and every
    PDF printed through ``web.external_layout`` then loses its letterhead."""
    try:
        out = subprocess.run([_get_wkhtmltopdf_bin(), '--version'], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=30).stdout
    except (OSError, IOError, subprocess.SubprocessError):
        return True     # no usable wkhtmltopdf: Odoo reports it when printing
    patched = b'patched qt' in out.lower()
    if not patched:
        _logger.info('wkhtmltopdf without patched Qt: report letterheads are printed in the page')
    return patched


class IrActionsReport(models.Model):
    _inherit = 'ir.actions.report'

    @api.multi
    def _prepare_html(self, html):
        if not _wkhtmltopdf_draws_headers():
            html = self._dsa_letterhead_in_page(html)
        return super(IrActionsReport, self)._prepare_html(html)

    @api.model
    def _dsa_letterhead_in_page(self, html):
        """Move the company header and footer of each document (the ``header``
        and ``footer`` blocks around each ``article`` of ``web.external_layout``)
        into the document's page, at its top and bottom, where a wkhtmltopdf
        without patched Qt still prints them."""
        root = lxml.html.fromstring(html)
        for article in root.xpath('//div[%s]' % (_CLASS % 'article')):
            header = self._dsa_layout_sibling(article, 'header', preceding=True)
            footer = self._dsa_layout_sibling(article, 'footer', preceding=False)
            if header is not None:
                header.set('class', self._dsa_renamed_class(header, 'header'))
                article.insert(0, header)
            if footer is not None:
                footer.set('class', self._dsa_renamed_class(footer, 'footer'))
                self._dsa_drop_page_numbers(footer)
                article.append(footer)
        return lxml.html.tostring(root)

    @api.model
    def _dsa_layout_sibling(self, article, klass, preceding):
        """The ``klass`` block of the same document as ``article``: the nearest
        sibling before it (header) or after it (footer), up to the next article."""
        for node in article.itersiblings(preceding=preceding):
            classes = (node.get('class') or '').split()
            if 'article' in classes:
                return None
            if klass in classes:
                return node
        return None

    @api.model
    def _dsa_renamed_class(self, node, klass):
        # renamed, so that Odoo does not take it out of the page again
        classes = [c for c in (node.get('class') or '').split() if c != klass]
        return ' '.join(['dsa_letterhead_%s' % klass] + classes)

    @api.model
    def _dsa_drop_page_numbers(self, footer):
        """"Page: x / y" is filled in by wkhtmltopdf in a drawn footer only: in the
        page it would print empty, so its line goes."""
        for counter in footer.xpath('.//span[%s]' % (_CLASS % 'page')):
            line = counter.getparent()
            if line is not None and line is not footer and line.getparent() is not None:
                line.getparent().remove(line)
