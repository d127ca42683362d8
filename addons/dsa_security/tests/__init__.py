from . import test_hidden_fields  # noqa: F401
