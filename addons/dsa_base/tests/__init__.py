from . import test_letterhead  # noqa: F401
from . import test_demo_speak  # noqa: F401
from . import test_demo_company  # noqa: F401
from . import test_tracking_lang  # noqa: F401
