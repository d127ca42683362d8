import re

from lxml import etree, html

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError
from odoo.tools import html_sanitize

# addresses that stay on this server, or that load nothing when shown
LOCAL_URL = re.compile(r'^(/(?!/)|#|cid:|data:image/)', re.IGNORECASE)
HARMLESS_LINK = re.compile(r'^(/(?!/)|#|mailto:|tel:)', re.IGNORECASE)
# attributes (other than an image's src) that make a screen load an address
LOADING_ATTRIBUTES = ('background', 'poster', 'srcset', 'lowsrc', 'dynsrc')


class MailMessage(models.Model):
    """Three guards on messages.

    No name oracle through recipients or authors, and no grouping of messages
    one may not read.

    Messages on records without a chatter are private to their author and
    recipients. Core lets whoever reads a record read every message attached
    to it. For records with a chatter (mail.thread) that is the point. Records
    without one receive only emails queued by templates: the invitation and
    the password reset of a user (res.users) carry the user's signup link,
    and any employee who can read the user could take the account over.

    What a customer (a portal user, an email sender) writes reaches the
    staff's chatter as text: core's sanitizer keeps remote images (tracking
    pixels: the staff's address and reading time go to the sender) and links
    (phishing a click away). In a message written by someone who is not an
    employee, remote images are removed and links to other sites are shown as
    plain text; local images (attachments, inline images of an email) and
    mailto/tel links stay."""
    _inherit = 'mail.message'

    @api.model
    def _dsa_external_author(self, author_id):
        """Whether the author is no employee: a partner without an internal
        user, an unknown sender, or a portal user writing as someone else."""
        if self.env.uid != SUPERUSER_ID and self.env.user.share:
            return True
        if not author_id:
            return True
        author = self.env['res.partner'].sudo().browse(author_id)
        return not author.with_context(active_test=False).user_ids.filtered(
            lambda u: not u.share)

    @api.model
    def _dsa_neutralize_body(self, body):
        """The body without remote images nor links to other sites (their
        address stays, as text). Unchanged when there is nothing to remove."""
        if not body or not re.search(r'<\s*(img|a)\b|%s' % '|'.join(LOADING_ATTRIBUTES),
                                     body, re.IGNORECASE):
            return body
        # parsed as the body field will store it
        clean = html_sanitize(body, sanitize_attributes=True, sanitize_style=True,
                              strip_classes=True)
        if not clean:
            return body
        root = html.fragment_fromstring(clean, create_parent='div')
        changed = False
        for img in list(root.iter('img')):
            if not LOCAL_URL.match((img.get('src') or '').strip()):
                marker = etree.Element('span')
                marker.text = _('[remote image removed: %s]') % (img.get('src') or '')
                marker.tail = img.tail
                img.getparent().replace(img, marker)
                changed = True
        for link in list(root.iter('a')):
            href = (link.get('href') or '').strip()
            if href and not HARMLESS_LINK.match(href):
                if href not in link.text_content():
                    link.tail = ' (%s)%s' % (href, link.tail or '')
                link.drop_tag()
                changed = True
        for element in root.iter(etree.Element):
            for attribute in LOADING_ATTRIBUTES:
                if attribute in element.attrib and \
                        not LOCAL_URL.match(element.get(attribute).strip()):
                    del element.attrib[attribute]
                    changed = True
        if not changed:
            return body
        return (root.text or '') + ''.join(
            html.tostring(child, encoding='unicode') for child in root)

    @api.model
    def create(self, values):
        """Recipients (mentions) are notified by e-mail and named back to the
        author: they must be partners the author can read; so must an author
        other than oneself."""
        self._dsa_check_partner_values(values)
        if values.get('body') and self._dsa_external_author(
                values.get('author_id', self.env.user.partner_id.id)):
            values = dict(values, body=self._dsa_neutralize_body(values['body']))
        return super(MailMessage, self).create(values)

    @api.multi
    def write(self, vals):
        """An author may edit their message: it stays neutralized."""
        self._dsa_check_partner_values(vals)
        if vals.get('body'):
            external = self.sudo().filtered(
                lambda m: self._dsa_external_author(m.author_id.id))
            if external or (self.env.uid != SUPERUSER_ID and self.env.user.share):
                vals = dict(vals, body=self._dsa_neutralize_body(vals['body']))
        return super(MailMessage, self).write(vals)

    @api.model
    def _find_allowed_doc_ids(self, model_ids):
        """search(): reading the record is enough on chatters only."""
        if self.env.uid != SUPERUSER_ID:
            model_ids = {model: docs for model, docs in model_ids.items()
                         if self._dsa_has_chatter(model)}
        return super(MailMessage, self)._find_allowed_doc_ids(model_ids)

    @api.multi
    def check_access_rule(self, operation):
        """read(), write(), unlink() by id: the same restriction as search()."""
        super(MailMessage, self).check_access_rule(operation)
        if self.env.uid == SUPERUSER_ID or operation == 'create':
            return
        if self._dsa_private_messages():
            raise AccessError(_('This email belongs to its recipients only.'))

    @api.multi
    def _dsa_private_messages(self):
        """The messages of self on a record without a chatter of which the
        current user is neither the author nor a recipient."""
        if self.env.user.has_group('base.group_system'):
            return self.browse()
        partner = self.env.user.partner_id
        return self.sudo().filtered(
            lambda m: m.model and m.res_id and not self._dsa_has_chatter(m.model)
            and m.author_id != partner and partner not in m.partner_ids
            and partner not in m.needaction_partner_ids
            and not (m.channel_ids.mapped('channel_partner_ids') & partner))

    @api.model
    def _dsa_has_chatter(self, model):
        return model in self.env and issubclass(type(self.env[model]), self.pool['mail.thread'])

    @api.model
    def _dsa_check_partner_values(self, values):
        Partner = self.env['res.partner']
        # not needaction_partner_ids: core's _notify writes the followers
        # there, and it names no one (the many2many is read through the rules)
        ids = Partner._dsa_command_ids(values.get('partner_ids'))
        if values.get('author_id'):
            ids.append(values['author_id'])
        Partner._dsa_check_addressable(ids)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None,
                        orderby=False, lazy=True):
        """Core filters messages in _search (by their document), which
        read_group does not call: it grouped every message, naming other
        users' documents (record_name) and authors."""
        if self.env.uid != SUPERUSER_ID:
            domain = self._dsa_searched_domain(domain)
        return super(MailMessage, self)._read_group_raw(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
