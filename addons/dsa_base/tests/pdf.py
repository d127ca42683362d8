"""Real PDFs in the suite's tests, under pytest and under Odoo's own runner.

The one helper of the PDF tests of every addon (``dsa_base`` is the suite's
shared base: any addon of the suite that depends on it may import it in its
tests).

Why a watchdog: wkhtmltopdf fetches the report's stylesheets from the Odoo
server (``web.base.url``).  A test that runs *at install* under Odoo's runner
(``-i/-u ... --test-enable``) runs inside ``Registry.new()``, which holds the
registry lock: the HTTP thread that should answer wkhtmltopdf waits for that
lock, wkhtmltopdf waits for its answer, and the test waits for wkhtmltopdf -
for good.  The suite's tests therefore run *post install* (decorators on each
test class); if one ever runs at install again, the watchdog kills
wkhtmltopdf after ``PDF_TIMEOUT`` seconds and the test fails with this
explanation instead of hanging CI.
"""
import contextlib
import shutil
import subprocess
import tempfile
import threading

import psutil

import odoo

PDF_TIMEOUT = 180   # seconds: a rendering takes 1-5 s, more on a busy 2-core machine

HANG = ('wkhtmltopdf ran longer than %d s and was killed: it waits on the Odoo server '
        'of this process (stylesheets from web.base.url). Under Odoo\'s runner, a test '
        'that renders a PDF must run post install (@at_install(False) '
        '@post_install(True)): at install the server cannot answer.')


@contextlib.contextmanager
def wkhtmltopdf_watchdog(timeout=PDF_TIMEOUT):
    """Kill the wkhtmltopdf processes of this Odoo process that outlive
    ``timeout`` seconds, and fail the test with a clear message."""
    killed = []

    def kill():
        for child in psutil.Process().children(recursive=True):
            try:
                if child.name() == 'wkhtmltopdf':
                    child.kill()
                    killed.append(child.pid)
            except psutil.NoSuchProcess:
                continue

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as exc:
        if killed:
            raise AssertionError(HANG % timeout) from exc
        raise
    finally:
        timer.cancel()
    if killed:
        raise AssertionError(HANG % timeout)


@contextlib.contextmanager
def real_pdf(timeout=PDF_TIMEOUT):
    """Within the block, QWeb PDF reports go through the real wkhtmltopdf.

    Odoo 11 renders HTML instead of PDF under ``--test-enable`` unless a
    report directory is configured: set one for the block."""
    config = odoo.tools.config
    saved = config['test_report_directory']
    folder = tempfile.mkdtemp(prefix='dsa-test-report-')
    config['test_report_directory'] = folder
    try:
        with wkhtmltopdf_watchdog(timeout):
            yield
    finally:
        config['test_report_directory'] = saved
        shutil.rmtree(folder, ignore_errors=True)


def render_pdf(report, res_ids, timeout=PDF_TIMEOUT):
    """The PDF bytes of a QWeb report for ``res_ids``, through wkhtmltopdf."""
    with real_pdf(timeout):
        pdf, kind = report.render_qweb_pdf(res_ids)
    if kind != 'pdf' or not pdf.startswith(b'%PDF-'):
        raise AssertionError('%s did not render a PDF (%s: %r)' % (
            report.report_name, kind, pdf[:40]))
    return pdf


def pdf_text(pdf, layout=False):
    """The text of a PDF, read back with poppler's pdftotext (it reads
    wkhtmltopdf's embedded fonts; PyPDF2 does not)."""
    args = ['pdftotext'] + (['-layout'] if layout else []) + ['-', '-']
    return subprocess.run(args, input=pdf, stdout=subprocess.PIPE, check=True,
                          timeout=60).stdout.decode()
