"""``python -m corroborator.report [FOLDER]``: write the dossier's JSON Schema (``make schemas``)."""

import sys
from pathlib import Path

from corroborator.report.model import write_schema

print(write_schema(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")))
