from . import test_hidden_fields  # noqa: F401
from . import test_portal_reach  # noqa: F401
from . import test_mail_queue  # noqa: F401
