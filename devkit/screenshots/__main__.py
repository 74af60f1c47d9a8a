import sys

from devkit.screenshots.kiosk_shots import main

sys.exit(main(sys.argv[1:]))
