"""Where the code runs: the one answer to "are we running tests?" (issue 27).

Batch jobs of the suite (the preventive cron, the invoice mailing cron, the
drop folder) commit after each batch or file, so that a crash loses one batch.
Under tests they must not: a test never commits, whatever runs it.
"""
import threading

import odoo


def running_tests():
    """Whether the current code runs under tests: Odoo's own runner and
    pytest-odoo mark the thread that runs a test (``testing``), and both set
    ``test_enable`` while tests run (so do the server threads of HttpCase,
    which the thread mark does not reach)."""
    return bool(getattr(threading.current_thread(), 'testing', False)
                or odoo.tools.config['test_enable'])
