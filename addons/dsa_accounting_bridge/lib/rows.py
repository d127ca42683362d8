"""The rows of an import file and the outcome of one run (plain Python, no ORM)."""


class ImportRow(object):
    """One row of the file: its number, the raw cells, and the positions of the
    mapped columns ({target key: index}, shared by every row). `values` (the mapped
    cells, text stripped) is built when first read: the set-based invoice path reads
    whole columns through `raw` instead."""
    __slots__ = ('number', 'raw', 'positions', '_values')

    def __init__(self, number, raw, positions):
        self.number = number
        self.raw = raw
        self.positions = positions
        self._values = None

    @property
    def values(self):
        if self._values is None:
            raw, values = self.raw, {}
            for key, position in self.positions.items():
                value = raw[position] if position < len(raw) else None
                if isinstance(value, str):
                    value = value.strip()
                values[key] = value
            self._values = values
        return self._values

    def get(self, key):
        """One mapped cell, text stripped (None when not mapped or missing)."""
        position = self.positions.get(key)
        if position is None or position >= len(self.raw):
            return None
        value = self.raw[position]
        return value.strip() if isinstance(value, str) else value


class ImportResult(object):
    """Counters and error log of one run, kept in Python so that a dry run can roll
    its writes back and still report them."""

    def __init__(self):
        self.created = self.updated = self.skipped = self.rejected = 0
        self.rows_done = 0
        self.rows_total = 0
        self.errors = []
        self.header = []
        self.columns = {}   # target key -> column name as written in the file

    def reject(self, row, errors, count=True):
        if count:
            self.rejected += 1
        for column, message in errors:
            self.errors.append((row.number, column, message, row.raw))
