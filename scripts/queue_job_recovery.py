"""The queue_job runner puts back in the queue the jobs that a restart of PostgreSQL
killed (issue 29, "The database restarts"). Installed by scripts/odoo-bin.

When PostgreSQL restarts (or fails over), every connection is cut: a job that was
running has its transaction rolled back, and queue_job's /queue_job/runjob cannot
even record the failure (its new cursor meets the same dead server). The job stays
``started`` for ever: queue_job never runs a started job again (its runner does not
know whether it still runs somewhere), the job counts against its channel's capacity,
and an import waiting for that chunk stays *running*.

Two cases, two fixes:

- PostgreSQL is already back when /queue_job/runjob records the failure: the job was
  marked *failed* with "cursor already closed" or "server closed the connection",
  and an import with it. A job whose own connection was lost did not fail: it is
  postponed and run again (``RetryableJobError``, queue_job's own retry), as queue_job
  does for a serialization failure.
- PostgreSQL is still down then: nothing can be written, the job stays ``started``.

A job whose state is ``started`` and whose start is older than the PostgreSQL server
itself (``pg_postmaster_start_time()``) cannot be running: the connection it ran on
died with the old server, and with it everything it had not committed. The runner
(re)connects to each database after any such failure (``runner.Database``); from
then on it sets those jobs back to ``pending``, as queue_job's own *Requeue* button
does, so they run again. Jobs started after the server's start are left alone (they
may be running on this or another host), and so are ``enqueued`` ones (queue_job's
own cron requeues those after 5 minutes).

Comparing a time written by Odoo (its clock, in UTC) with PostgreSQL's start time
assumes the hosts' clocks agree to within the time a restart takes (NTP).
"""
import logging
from contextlib import closing

_logger = logging.getLogger('odoo.addons.queue_job.jobrunner.runner')

# raw SQL as the runner's own (runner.Database.set_job_enqueued): the runner has no
# ORM environment, only its connection to the database
REQUEUE_KILLED = """
    UPDATE queue_job
       SET state = 'pending', date_enqueued = NULL, date_started = NULL
     WHERE state = 'started'
       AND date_started < (pg_postmaster_start_time() AT TIME ZONE 'UTC')
 RETURNING uuid
"""


def requeue_killed_jobs(database):
    """Set back to pending the jobs of `database` (a runner.Database) that were
    running when PostgreSQL last stopped; returns their uuids."""
    with closing(database.conn.cursor()) as cr:
        cr.execute(REQUEUE_KILLED)
        uuids = [row[0] for row in cr.fetchall()]
    for uuid in uuids:
        _logger.warning('job %s on db %s was running when PostgreSQL stopped: '
                        'requeued', uuid, database.db_name)
    return uuids


RETRY_SECONDS = 5     # the runner's own recovery delay: PostgreSQL is back by then


def connection_lost(cr):
    """True when the connection of Odoo cursor `cr` is closed or broken (psycopg2's
    `closed`: 1 closed, 2 broken), i.e. the server went away under the job."""
    cnx = getattr(cr, '_cnx', None)
    return bool(cnx is None or cnx.closed)


def install():
    """Wrap runner.Database._initialize (the runner's (re)connection to a database
    where queue_job is installed) so that it requeues the killed jobs first, and
    RunJobController._try_perform_job so that a job whose connection was lost is
    retried instead of failed. Called once queue_job is loaded as a server-wide
    module; does nothing without it."""
    try:
        from odoo.addons.queue_job.controllers.main import RunJobController
        from odoo.addons.queue_job.exception import RetryableJobError
        from odoo.addons.queue_job.jobrunner import runner
    except ImportError:
        return False
    if getattr(runner.Database._initialize, 'dsa_requeue', False):
        return True
    initialize = runner.Database._initialize

    def _initialize(self):
        initialize(self)
        requeue_killed_jobs(self)
    _initialize.dsa_requeue = True
    runner.Database._initialize = _initialize

    try_perform_job = RunJobController._try_perform_job

    def _try_perform_job(self, env, job):
        try:
            return try_perform_job(self, env, job)
        except RetryableJobError:
            raise
        except Exception as exc:
            if not connection_lost(env.cr):
                raise
            _logger.warning('job %s lost its database connection (%s): retried in %d s',
                            job.uuid, exc, RETRY_SECONDS)
            raise RetryableJobError('database connection lost: %s' % exc,
                                    seconds=RETRY_SECONDS)
    RunJobController._try_perform_job = _try_perform_job
    return True


def install_after_server_wide_modules(server_module):
    """Install once `odoo.service.server.start` has loaded the server-wide modules
    (queue_job among them), before it starts the server and the runner."""
    load = server_module.load_server_wide_modules

    def load_server_wide_modules():
        load()
        import odoo
        if 'queue_job' in odoo.conf.server_wide_modules:
            install()
    server_module.load_server_wide_modules = load_server_wide_modules
