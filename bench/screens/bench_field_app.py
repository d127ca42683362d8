"""The field app's first screen in Chromium at phone size (issue 25): the time
from the start of the navigation to /field until the technician's list is on
the screen, warm (the service worker and the phone's copy of the day are in
place, as on the technician's second opening of the day), online and offline,
and until the day's fresh payload from the server is shown.

Run with the tools virtualenv's Python (Playwright, Debian's chromium) against
a served demo database (make run, or the e2e server):

    .local/tools-venv/bin/python bench/screens/bench_field_app.py --url http://127.0.0.1:8069

The app writes the moments into the page (``body[data-ready-ms]``: first
screen drawn from IndexedDB; ``body[data-loaded-ms]``: /field/api/day
answered and drawn), as ``performance.now()`` since the navigation started.
"""
import argparse
import shutil
import statistics

from playwright.sync_api import sync_playwright


def measure(page, runs, offline=False):
    page.context.set_offline(offline)
    ready, loaded = [], []
    for _ in range(runs):
        page.reload()
        page.wait_for_selector('body[data-loaded="1"]')
        data = page.evaluate(
            '({r: document.body.dataset.readyMs, l: document.body.dataset.loadedMs})')
        ready.append(int(data['r']))
        loaded.append(int(data['l']))
    page.context.set_offline(False)
    return statistics.median(ready), statistics.median(loaded), max(ready)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', default='http://127.0.0.1:8069')
    parser.add_argument('--login', default='marco.tecnico')
    parser.add_argument('--runs', type=int, default=7)
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which('chromium'),
                                     args=['--no-sandbox', '--disable-gpu'])
        context = browser.new_context(viewport={'width': 390, 'height': 844}, locale='it-IT')
        page = context.new_page()
        page.goto(args.url + '/web/login?redirect=/field')
        page.fill('input[name=login]', args.login)
        page.fill('input[name=password]', args.login)
        page.click('form.oe_login_form button[type=submit]')
        page.wait_for_selector('body[data-loaded="1"]')
        page.wait_for_function('navigator.serviceWorker.controller !== null')
        count = page.locator('.f-task').count()
        online = measure(page, args.runs)
        offline = measure(page, args.runs, offline=True)
        print('interventions on the list: %d' % count)
        print('online  (median of %d): first screen %d ms (worst %d), fresh day shown %d ms'
              % (args.runs, online[0], online[2], online[1]))
        print('offline (median of %d): first screen %d ms (worst %d)'
              % (args.runs, offline[0], offline[2]))
        browser.close()


if __name__ == '__main__':
    main()
