"""`pp import`: a spreadsheet in, reviewable record files out.

The steps, one module each:

* `sheet` reads a CSV (any common delimiter and encoding) or XLSX file into
  rows of text cells, each with its row number;
* `mapping` reads and checks the column map (MAP.yaml), with located errors;
* `cells` reads the values real lists write: dates at their precision,
  lists, article numbers, sentences, names with patronymics;
* `plan` matches each row to a person already in the knowledge base (or one
  an earlier row created) and works out which facts are new, so that running
  the same import twice changes nothing;
* `apply` writes the plan: new files through `scaffold.write_new`, additions
  to existing records as small textual edits, each written atomically.

Nothing here knows about the command line; `commands/import_cmd.py` does.
"""
