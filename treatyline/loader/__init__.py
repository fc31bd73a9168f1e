"""Own reading timeline files into records: text -> located YAML nodes -> Treaty, with problems.

The only package that imports yaml. It composes nodes with the safe loader and converts every
scalar itself, so YAML 1.1's guesses (NO as false, 1987 as a number) never reach a record;
duplicate keys, unknown keys, aliases and foreign tags become problems. One bad file, or one
bad event, never stops the others.

Its modules, each owning one thing:

- `shapes`: the format's vocabulary (the keys of each part, what each event kind needs or
  refuses), the event shapes that both readings of an event share, and the document one file
  gives (read from its text or from the cache);
- `limits`: the limits of what is read (bytes, nesting) and the reading of raw files;
- `nodes`: the located reading of YAML nodes and scalars, each problem with its place, and the
  YAML parser;
- `reader`: one timeline's records from its nodes: treaty, rules, membership, events;
- `quick`: the quick reading of a plain event, beside the located one;
- `rows`: the cache's form of a file, events as rows of plain values;
- `index`: which file defines and extends which treaty, and which files are unchanged;
- `spread`: a large reading shared among the processors, the results sent back as bytes;
- `corpus`: a load of many files: cache, merging, checks, problems in order.
"""

from treatyline.loader.corpus import Loaded, load, read_file, treaty_labels
from treatyline.loader.limits import MAX_FILE_BYTES, MAX_NESTING
from treatyline.loader.shapes import (
    CLAIM_KEYS,
    EVENT_KEYS,
    EXTENDING_KEYS,
    RULE_KEYS,
    TREATY_KEYS,
)

__all__ = [
    "CLAIM_KEYS",
    "EVENT_KEYS",
    "EXTENDING_KEYS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "RULE_KEYS",
    "TREATY_KEYS",
    "Loaded",
    "load",
    "read_file",
    "treaty_labels",
]
