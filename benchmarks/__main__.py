"""Run every benchmark module (or those named on the command line)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """``python -m benchmarks [NAME…]``: run bench_NAME modules, print figures."""
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{n}" if not n.startswith("bench_") else n for n in argv] or names
    for name in wanted:
        if name not in names:
            print(f"no benchmark {name!r} (have: {', '.join(names)})", file=sys.stderr)
            return 2
        print(f"== {name[6:]} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
