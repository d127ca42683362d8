from odoo import api, models


class MailMessage(models.Model):
    _inherit = 'mail.message'

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        """The chatter's tracking lines in the reader's language.

        Odoo stores a tracking line's field label and selection value as text,
        in the language of whoever made the change: the demo, the scheduled
        actions and the administrator write in English, so an Italian reader
        saw "Start date" and "Status: Running" on a contract.  The label, the
        selection value and the name of a stage or team are read again, in
        the language of the request; other values (numbers, dates, texts) are kept."""
        result = super(MailMessage, self)._message_read_dict_postprocess(messages, message_tree)
        ids = [line['id'] for message in messages
               for line in message.get('tracking_value_ids') or []]
        trackings = {t.id: t for t in self.env['mail.tracking.value'].sudo().browse(ids)}
        for message in messages:
            model = message_tree[message['id']].model
            if model not in self.env:
                continue
            for line in message.get('tracking_value_ids') or []:
                field = self.env[model]._fields.get(trackings[line['id']].field)
                if field:
                    line.update(self._dsa_tracking_in_lang(field, line, trackings[line['id']]))
        return result

    @api.model
    def _dsa_tracking_in_lang(self, field, line, tracking):
        """The label of ``field`` and, for a selection or a many2one, the old
        and new values of the tracking ``line`` (of ``tracking``) in the
        language of this environment."""
        values = {'changed_field': field.get_description(self.env)['string']}
        langs = self.env['res.lang'].sudo().search([]).mapped('code') + [None]
        if field.type == 'many2one' and field.comodel_name in self.env:
            # a stage, a team: the same name in this language (only when the
            # stored text is that record's name in some language: a record
            # renamed since keeps the text the change showed)
            for side in ('old_value', 'new_value'):
                record = self.env[field.comodel_name].sudo().browse(
                    tracking['%s_integer' % side] or []).exists()
                if not record:
                    continue
                names = {record.with_context(lang=lang).name_get()[0][1] for lang in langs}
                if line.get(side) in names:
                    shown = record.with_context(lang=self.env.context.get('lang'))
                    values[side] = shown.name_get()[0][1]
        if field.type == 'selection' and not callable(field.selection):
            shown = dict(field._description_selection(self.env))
            keys = {}
            for lang in langs:
                env = self.with_context(lang=lang).env
                keys.update({label: key for key, label in field._description_selection(env)})
            for side in ('old_value', 'new_value'):
                key = keys.get(line.get(side))
                if key is not None:
                    values[side] = shown[key]
        return values
