from . import test_hidden_fields  # noqa: F401
from . import test_name_oracles  # noqa: F401
