"""Process-level helpers the pipeline stages share."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_garbage_collection() -> Iterator[None]:
    """Pause the cyclic collector: building 10⁵ model objects otherwise triggers repeated full collections.

    The pipeline's objects are short-lived and hold no reference cycles worth collecting mid-run;
    the collector resumes (and catches up) as soon as the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
