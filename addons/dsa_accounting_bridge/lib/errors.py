"""The typed error of an import run that fails as a whole (issue 27)."""


class ImportFailure(Exception):
    """A whole run (a job or one chunk) fails: nothing it wrote is kept. Names the
    row of the file (0: not a row) and the column ('' when none) where it was found;
    ``message`` is already in the user's language (see dsa.import.job._failure)."""

    def __init__(self, message, row=0, column=''):
        super(ImportFailure, self).__init__(message)
        self.message = message
        self.row = row or 0
        self.column = column or ''

    def line_vals(self):
        """Values of the fatal line of the error log (dsa.import.job.line)."""
        return {'row_number': self.row, 'column': self.column, 'reason': self.message,
                'level': 'fatal'}
