"""``python -m nianbao`` and the ``nianbao`` console script."""

import gc


def run() -> None:
    """Start the command line.

    The cyclic garbage collector is held off while the command line's modules load: they live as
    long as the process, so its passes over them are pure cost (about a tenth of a short command's
    time); the loaded objects are then frozen out of its sweeps, and it runs as usual for the
    command's own work (see also ``cli.command``).
    """
    gc.disable()
    try:
        from .cli import main

        gc.freeze()
    finally:
        gc.enable()
    main()


if __name__ == "__main__":  # worker processes (--jobs, spawned on Windows) import this module too
    run()
