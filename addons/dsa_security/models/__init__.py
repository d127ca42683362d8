from . import base  # noqa: F401
from . import mail_document_guard  # noqa: F401
from . import mail_followers  # noqa: F401
from . import mail_activity  # noqa: F401
from . import res_partner  # noqa: F401
from . import ir_actions_report  # noqa: F401
from . import dsa_action_guard  # noqa: F401
