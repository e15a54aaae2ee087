"""nianbao — drafting and reviewing 政府信息公开工作年度报告 (government information disclosure annual reports)."""

import gc

__version__ = "0.1.0"


class LongLived:
    """``with LongLived():`` around loading what lives as long as the process (modules, the command tree).

    The cyclic garbage collector is held off meanwhile: its passes over such objects are pure cost (about a
    tenth of a short command's time); they are then frozen out of its sweeps, and it runs as before (on
    again only if it was on) for the command's own work.
    """

    def __enter__(self):
        self.collecting = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        gc.freeze()
        if self.collecting:
            gc.enable()
        return False
