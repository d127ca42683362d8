from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.model
    def _dsa_demo_speak(self, lang, xmlids):
        """Demo data: the partners and users named by ``xmlids`` speak ``lang``,
        when that language is loaded in the database (``make run`` and ``make
        test`` load Italian); elsewhere they keep the database's language.
        Called by a ``<function>`` at the end of the suite's demo files."""
        if not self.env['res.lang'].search_count([('code', '=', lang)]):
            return False
        for xmlid in xmlids:
            self.env.ref(xmlid).write({'lang': lang})
        return True

    @api.model
    def _dsa_check_addressable(self, partner_ids):
        """Refuse (AccessError) partners the current user cannot read.

        Subscribing a partner to a document, mentioning it in a message or
        inviting it shows its name back to the user (followers and recipients
        are named as superuser) and sends it the document's e-mails: with any
        id, it would list and reach partners the record rules hide. The
        user's own partner is always allowed; the superuser is not checked."""
        if self.env.uid == SUPERUSER_ID:
            return
        ids = {pid for pid in partner_ids or () if pid} - {self.env.user.partner_id.id}
        if not ids:
            return
        readable = self.with_context(active_test=False).search([('id', 'in', list(ids))])
        if len(readable) != len(ids):
            raise AccessError(_('You cannot address a contact you are not allowed to see.'))

    @api.model
    def _dsa_command_ids(self, commands):
        """Partner ids that x2many ``commands`` (or a plain list of ids) link;
        (0, 0, vals) creates a partner, which the create access right guards."""
        ids = []
        for command in commands or ():
            if isinstance(command, int):
                ids.append(command)
            elif isinstance(command, (list, tuple)) and command:
                if command[0] in (1, 4) and len(command) > 1:
                    ids.append(command[1])
                elif command[0] == 6 and len(command) > 2:
                    ids.extend(command[2] or ())
        return ids
