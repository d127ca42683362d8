from odoo import models


class MailActivity(models.Model):
    """Activities on a document: visible to the users who can read it."""
    _name = 'mail.activity'
    _inherit = ['mail.activity', 'dsa.mail.document.guard']
