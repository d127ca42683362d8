from odoo import models


class IrQWeb(models.AbstractModel):
    _inherit = 'ir.qweb'

    def _dsa_in_document_lang(self, options):
        """The renderer in the language of the document being rendered.

        ``t-lang`` (``<t t-call="..." t-lang="o.partner_id.lang"/>``, how every
        report is written in the customer's language) translates the
        template's text, but in Odoo 11 the field widgets (numbers, amounts,
        dates, selections) keep formatting in the language of whoever prints:
        an Italian report read "1.00" and "12/05/2026" for the 5th of
        December, and "Italy" in an address.  They follow the document's
        language here."""
        lang = options.get('lang')
        if lang and lang != self.env.context.get('lang'):
            return self.with_context(lang=lang)
        return self

    def _get_field(self, record, field_name, expression, tagName, field_options, options,
                   values):
        renderer = self._dsa_in_document_lang(options)
        if renderer is not self:
            # the value too: a country, a selection, a translated name
            record = record.with_context(lang=renderer.env.context['lang'])
        return super(IrQWeb, renderer)._get_field(
            record, field_name, expression, tagName, field_options, options, values)

    def _get_widget(self, value, expression, tagName, field_options, options, values):
        renderer = self._dsa_in_document_lang(options)
        return super(IrQWeb, renderer)._get_widget(
            value, expression, tagName, field_options, options, values)
