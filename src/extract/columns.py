"""Column names of every table the project writes or reads, defined once.

Extractors, the gold schema, the store, the outputs and the tests import these
lists; nothing else spells a column name out.
"""

EVIDENCE_COLUMNS: list[str] = [
    "doc_id", "source", "trial", "trial_inferred", "endpoint", "assessment", "measure",
    "arm_exp", "arm_ctrl", "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high",
    "ci_level", "p_value", "location", "page", "section", "start", "end", "quote",
]

TIMING_COLUMNS: list[str] = [
    "doc_id", "source", "trial", "regimen", "relation", "low", "high", "unit", "anchor",
    "location", "page", "start", "end", "quote",
]

FLAG_COLUMNS: list[str] = [
    "flag_id", "code", "severity", "trial", "endpoint", "message", "evidence", "other",
    "gold", "status",
]

ERROR_COLUMNS: list[str] = ["doc_id", "source", "stage", "error"]

# Columns whose values are kept exactly as printed in the source (never cast to float).
PRINTED_VALUE_COLUMNS: list[str] = [
    "value_exp", "value_ctrl", "hr", "ci_low", "ci_high", "ci_level", "p_value", "low", "high",
]

# Internal columns carried next to the contract columns (in the store and between stages),
# never written to evidence.csv: the citation numbers standing in the record's sentence or
# table row, ";"-separated ("52" or "45;46").
EVIDENCE_EXTRA_COLUMNS: list[str] = ["citations"]
