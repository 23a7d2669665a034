"""Importing observations from CSV and Excel files, for the upload pages and `pif import`.

| name | what it does |
|---|---|
| `ImportOptions` | how to read a file: header mapping, one indicator for all, create-indicators |
| `check_file(content, filename, partnership=, options=)` | a `Checked`: rows and problems |
| `check_file(path, ..., streamed=True)` | for `pif import`: read from disk, rows kept on disk |
| `Checked.to_json()`, `Checked.from_json(data, partnership=)` | a check kept, read once |
| `import_checked(actor, checked, partnership=, approve=)` | a `WriteResult` |
| `parse_map_options(items)` | `field=Header` items into a mapping |
| `Problem` | one problem: row, column and reason; `str()` gives `Row 12, column "Value": ...` |

The pieces: `readers` (bytes to numbered rows, within ceilings on rows, cells and time),
`layout` (header row; long or wide), `mapping` (which header is which field), `records`
(rows to raw records, refusing duplicate headers, rows of the wrong width and Excel errors)
and `validate` (records to checked rows, or problems). Nothing is written unless every row
is valid. `uploads` holds the upload pages' services: `start_upload(actor, ...)` keeps a
file with its check, `import_upload(actor, ...)` imports it once.
"""

from pif.measures.importing.mapping import FIELDS, MappingError, parse_map_options
from pif.measures.importing.run import Checked, ImportOptions, check_file, import_checked
from pif.measures.importing.validate import CheckedRow, Problem

__all__ = ["FIELDS", "Checked", "CheckedRow", "ImportOptions", "MappingError", "Problem",
           "check_file", "import_checked", "parse_map_options"]
