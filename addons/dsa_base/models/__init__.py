from . import ir_actions_report  # noqa: F401
from . import res_company  # noqa: F401
from . import res_partner  # noqa: F401
from . import mail_message  # noqa: F401
from . import ir_qweb  # noqa: F401
