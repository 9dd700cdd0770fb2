"""trial-extract: clinical-trial figures from documents, with provenance, reconciled against gold."""

__version__ = "0.1.0"

# Bump whenever extraction output can change for the same input: the pipeline keys its
# cache of extracted documents on (content hash, EXTRACTOR_VERSION).
EXTRACTOR_VERSION = "0.4.7"
