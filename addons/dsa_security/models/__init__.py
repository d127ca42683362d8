from . import base  # noqa: F401
from . import mail_document_guard  # noqa: F401
from . import mail_followers  # noqa: F401
from . import mail_activity  # noqa: F401
from . import ir_http  # noqa: F401
