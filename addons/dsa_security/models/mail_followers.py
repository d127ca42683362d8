from odoo import models


class MailFollowers(models.Model):
    """Followers of a document: visible to the users who can read it."""
    _name = 'mail.followers'
    _inherit = ['mail.followers', 'dsa.mail.document.guard']
