"""Locust scenarios of the load test (issue 17): portal customers browsing.

Run by bench/load/run_load.py (Locust lives in the tools virtualenv, .local/tools-venv):

    locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:8475 SuiteCustomer      # or CoreCustomer

Each simulated user is one of the load customers of the map (LOAD_MAP, written by
enlarge_db.py --map): it logs in through /web/login as that customer's portal user, then
- SuiteCustomer browses the suite's pages: /my/tickets, /my/ticket/<id>,
  /my/interventions, /my/intervention/<id>, /my/plants, /my/plants/<id>;
- CoreCustomer browses core Odoo's /my/orders and /my/orders/<id>, the reference.

Every response body is scanned for the plant codes and plant names of every OTHER
customer of the database (one regex built from all of them; the user's own strings are
taken out of the hits, since two customers may name a plant alike). A hit marks the
request failed ("cross-customer") and is written to LOAD_HITS. As a positive control,
each user checks once after logging in that the scanner does find its OWN plant codes on
/my/plants: a scanner that sees nothing would pass every page.

Every request but the login is recorded (name, milliseconds, failed) to LOAD_SAMPLES
(JSON), from which the driver takes p50 / p95 / throughput; logins are counted apart.
"""
import itertools
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

LOAD_MAP = os.environ.get('LOAD_MAP', '.local/load/map.json')
LOAD_SAMPLES = os.environ.get('LOAD_SAMPLES', '.local/load/samples.json')
LOAD_HITS = os.environ.get('LOAD_HITS', '.local/load/hits.txt')
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')

with open(LOAD_MAP) as _handle:
    MAP = json.load(_handle)
CUSTOMERS = MAP['customers']
NEXT_CUSTOMER = itertools.count()
SAMPLES = []
HITS = []
LOGINS = {'ok': 0, 'failed': 0, 'own_data_seen': 0, 'own_data_missing': 0}
LOCK = threading.Lock()


def _trie_regex(words):
    """One regex matching any of `words`, as a trie (an alternation of thousands of
    literals would be tried one by one at every position of the page)."""
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[''] = True

    def build(node):
        end = '' in node
        branches = [re.escape(char) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ''
        body = branches[0] if len(branches) == 1 else '(?:%s)' % '|'.join(branches)
        return '(?:%s)?' % body if end else body
    return re.compile(build(trie))


STRINGS = {}   # code or name -> set of owners (commercial partners)
for _plant in MAP['plants']:
    for _text in (_plant['code'], _plant['name']):
        STRINGS.setdefault(_text, set()).add(_plant['owner'])
SCANNER = _trie_regex(STRINGS)


def foreign_strings(body, owner):
    """Plant codes and names in `body` that belong to customers other than `owner`
    and not to `owner` itself."""
    return sorted({m for m in SCANNER.findall(body) if owner not in STRINGS[m]})


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kw):
    if name != 'login':
        with LOCK:
            SAMPLES.append((name, response_time, exception is not None, time.time()))


@events.quitting.add_listener
def _write(**_kw):
    with open(LOAD_SAMPLES, 'w') as handle:
        json.dump({'samples': SAMPLES, 'logins': LOGINS}, handle)
    with open(LOAD_HITS, 'w') as handle:
        handle.write(''.join(HITS))


class PortalCustomer(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # users spread over the whole list (37 is prime to 2,000): not only the first
        self.customer = CUSTOMERS[next(NEXT_CUSTOMER) * 37 % len(CUSTOMERS)]
        self.owner = self.customer['partner_id']
        if os.environ.get('LOAD_SELFTEST'):
            # self-test of the check: pretend to be another customer, so that this
            # user's own plants count as foreign and every page must be a hit
            self.owner = CUSTOMERS[(CUSTOMERS.index(self.customer) + 1) % len(CUSTOMERS)][
                'partner_id']
        page = self.client.get('/web/login', name='login')
        token = CSRF.search(page.text)
        with self.client.post('/web/login', name='login', catch_response=True, data={
                'login': self.customer['login'], 'password': self.customer['password'],
                'csrf_token': token.group(1) if token else '', 'redirect': '/my'}) as resp:
            # Odoo 11 answers a good login with a page that moves the browser on, a bad
            # one with the login form again
            if resp.status_code != 200 or 'oe_login_form' in resp.text:
                resp.failure('login refused for %s' % self.customer['login'])
                LOGINS['failed'] += 1
                raise StopUser()
            LOGINS['ok'] += 1
        # positive control: the scanner sees this customer's own plant codes
        body = self.client.get('/my/plants', name='login').text
        own = {p['code'] for p in MAP['plants'] if p['owner'] == self.owner}
        seen = {m for m in SCANNER.findall(body) if self.owner in STRINGS[m]}
        LOGINS['own_data_seen' if own and own <= seen else 'own_data_missing'] += 1

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure('HTTP %s' % resp.status_code)
            elif '/web/login' in resp.url:
                resp.failure('sent back to the login page')
            else:
                found = foreign_strings(resp.text, self.owner)
                if found:
                    with LOCK:
                        HITS.append('%s %s: %s\n' % (self.customer['login'], url, found))
                    resp.failure('cross-customer: %s' % ', '.join(found[:5]))


class SuiteCustomer(PortalCustomer):
    """The suite's portal pages: calls, interventions, plants and their details."""

    @task
    def tickets(self):
        self.page('/my/tickets', '/my/tickets')

    @task
    def ticket(self):
        self.page('/my/ticket/%d' % random.choice(self.customer['tickets']), '/my/ticket/[id]')

    @task
    def interventions(self):
        self.page('/my/interventions', '/my/interventions')

    @task
    def intervention(self):
        self.page('/my/intervention/%d' % random.choice(self.customer['interventions']),
                  '/my/intervention/[id]')

    @task
    def plants(self):
        self.page('/my/plants', '/my/plants')

    @task
    def plant(self):
        self.page('/my/plants/%d' % random.choice(self.customer['plants']), '/my/plants/[id]')


class CoreCustomer(PortalCustomer):
    """Core Odoo's sale orders on the portal, the reference: list and detail."""

    @task(3)
    def orders(self):
        self.page('/my/orders', '/my/orders')

    @task(3)
    def order(self):
        self.page('/my/orders/%d' % random.choice(self.customer['orders']), '/my/orders/[id]')
