"""``python -m sabo_eval.sampledata``: regenerate the sample (see :func:`main`)."""

import sys

from sabo_eval.sampledata import main

sys.exit(main())
