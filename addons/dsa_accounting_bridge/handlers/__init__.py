"""One handler class per import kind. The job model (dsa.import.job) reads the file
and cuts it into batches; a handler turns a batch of rows into records, always with
the same four steps (see ImportHandler.run_batch): parse, match, prepare, write."""
from .customers import CustomerHandler
from .invoices import InvoiceHandler
from .offers import OfferHandler
from .purchases import PurchaseHandler

HANDLERS = {
    'customers': CustomerHandler,
    'invoices': InvoiceHandler,
    'supplier_purchases': PurchaseHandler,
    'offers': OfferHandler,
}


def handler_for(job, profile, result):
    """The handler of the job's kind, for one run (or one chunk)."""
    return HANDLERS[job.kind].for_job(job, profile, result)
