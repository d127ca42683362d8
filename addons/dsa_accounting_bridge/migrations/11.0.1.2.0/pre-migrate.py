"""The progress side tables were created by dsa.import.job.init() without an id
column; they are models now (dsa.import.job.progress, dsa.import.chunk.progress).
Their rows only matter while an import runs: drop them, the ORM creates them again."""


def migrate(cr, version):
    if not version:
        return
    cr.execute('DROP TABLE IF EXISTS dsa_import_job_progress')
    cr.execute('DROP TABLE IF EXISTS dsa_import_chunk_progress')
