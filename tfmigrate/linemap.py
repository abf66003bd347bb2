"""Line numbers of a rewritten module mapped back to its source.

Rules that look at the rewritten tree (a rule's ``finalize``) report findings
on the lines a user sees in the original file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable


def line_map(new_code: str, original_code: str) -> Callable[[int], int]:
    """Line numbers of the rewritten module -> the source's, across statements rules removed or added.

    Within a block of changed lines a line maps to the source line it resembles most.
    """
    old_lines, new_lines = original_code.splitlines(), new_code.splitlines()
    opcodes = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()

    def to_original(line: int) -> int:
        index = line - 1
        for _, old_start, old_end, new_start, new_end in opcodes:
            if new_start <= index < new_end and old_end > old_start:
                if new_end - new_start == old_end - old_start:
                    return old_start + index - new_start + 1
                similarity = [difflib.SequenceMatcher(None, old_lines[i], new_lines[index]).ratio()
                              for i in range(old_start, old_end)]
                return old_start + similarity.index(max(similarity)) + 1
        return line

    return to_original
