"""Codes of the `RL` family: problems with the input itself, raised by the core (loaders, binding,
engine). Their rule metadata and docs live in the built-in `input` plugin; the core only needs the
codes."""
UNREADABLE = "RL001"  # cannot read or decode the file, or it is too large
UNKNOWN_FORMAT = "RL002"  # not a format report-lint reads
NO_STRUCTURE = "RL003"  # no numbered sections and no statistical table found
TABLE_UNBOUND = "RL004"  # a statistical table cannot be bound to a template's rows/columns
CELLS_AMBIGUOUS = "RL005"  # a row's values cannot be read unambiguously (run-together digits …)
CELLS_INFERRED = "RL006"  # a row's values were read by the only reading that fits (say which)
NO_TEXT_LAYER = "RL007"  # a PDF without a text layer (a scan)
RULE_ERROR = "RL009"  # a rule raised an exception
PLUGIN_ERROR = "RL010"  # a plugin failed to load
PACK_ERROR = "RL016"  # a rule pack named in config cannot be loaded (file and line in the message)
