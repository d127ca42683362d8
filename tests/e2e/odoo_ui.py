"""Small helpers to drive Odoo 11's web client like a person does: open a record,
press a button, fill a field, save.  The backend keeps a long-polling request
open, so "network idle" never comes: a step is over when Odoo's own loading
indicator has gone and the form is back in the expected mode."""
import re
import time

from playwright.sync_api import expect


def wait_rpc(page):
    """Wait until the web client has no RPC in flight (its "Loading" badge)."""
    page.wait_for_function(
        "() => !document.querySelector('.o_loading') || "
        "getComputedStyle(document.querySelector('.o_loading')).display === 'none'")
    page.wait_for_timeout(300)


def backend_login(session, login, password):
    session.goto('/web/login?redirect=/web')
    page = session.page
    page.fill('input[name=login]', login)
    page.fill('input[name=password]', password)
    page.click('form.oe_login_form button[type=submit]')
    page.wait_for_selector('.o_main_navbar, .o_web_client', timeout=120000)
    wait_rpc(page)


def open_form(session, model, res_id):
    # a new query string forces a full load: a mere change of the hash while the
    # web client is still loading its home action is not always followed
    session.page.goto('%s/web?_=%d#id=%s&model=%s&view_type=form' % (
        session.base_url, time.time() * 1000, res_id, model))
    session.page.wait_for_selector('.o_form_view')
    wait_rpc(session.page)


def form_button(page, label):
    """Press a header or button-box button of the form by its label (Odoo 11
    renders no name attribute on buttons)."""
    page.locator('.o_form_view button:visible', has_text=re.compile(
        r'^\s*%s\s*$' % re.escape(label))).first.click()
    wait_rpc(page)


def edit(page):
    if page.locator('.o_form_button_edit:visible').count():
        page.click('.o_form_button_edit')
        page.wait_for_selector('.o_form_view.o_form_editable')


def save(page):
    page.click('.o_form_button_save')
    page.wait_for_selector('.o_form_view.o_form_readonly')
    wait_rpc(page)


def field(page, name, scope='.o_form_view'):
    return page.locator('%s .o_field_widget[name="%s"]' % (scope, name)).first


def set_text(page, name, value, scope='.o_form_view'):
    widget = field(page, name, scope)
    target = widget.locator('input, textarea').first if widget.evaluate(
        "el => !['INPUT', 'TEXTAREA'].includes(el.tagName)") else widget
    target.fill(value)
    target.press('Tab')


def set_many2one(page, name, text, scope='.o_form_view'):
    widget = field(page, name, scope)
    box = widget.locator('input').first
    box.fill(text)
    item = page.locator('.ui-autocomplete:visible li a', has_text=re.compile(re.escape(text)))
    item.first.wait_for()
    item.first.click()
    wait_rpc(page)


def set_selection(page, name, label, scope='.o_form_view'):
    field(page, name, scope).select_option(label=label)


def text_of(page, name, scope='.o_form_view'):
    return field(page, name, scope).inner_text().strip()


def expect_field(page, name, text, scope='.o_form_view'):
    """Wait until the field shows ``text`` (the form re-renders after a button)."""
    expect(field(page, name, scope)).to_have_text(re.compile(r'^\s*%s' % re.escape(text)),
                                                  timeout=60000)


def rpc(session, model, method, args=None, kwargs=None):
    """Call the ORM as the browser's logged-in user (the web client's own route)."""
    return session.page.evaluate(
        """([model, method, args, kwargs]) => fetch('/web/dataset/call_kw', {
            method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
                model: model, method: method, args: args, kwargs: kwargs}}),
        }).then(r => r.json())""", [model, method, args or [], kwargs or {}])


def open_action(session, xmlid, view_type=None):
    hash_ = 'action=%s' % xmlid + ('&view_type=%s' % view_type if view_type else '')
    session.page.goto('%s/web?_=%d#%s' % (session.base_url, time.time() * 1000, hash_))
    session.page.wait_for_selector('.o_view_manager_content > div, .o_content > div')
    wait_rpc(session.page)
