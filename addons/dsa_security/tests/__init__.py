from . import test_hidden_fields  # noqa: F401
from . import test_portal_reach  # noqa: F401
from . import test_mail_queue  # noqa: F401
from . import test_portal_404  # noqa: F401
from . import test_avatars  # noqa: F401
from . import test_rule_guard  # noqa: F401
from . import test_name_oracles  # noqa: F401
