from odoo import api, models


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
