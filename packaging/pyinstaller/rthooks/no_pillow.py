"""Runtime hook: the frozen app leaves Pillow out (see trim.py). ReportLab imports
``PIL.Image`` as it starts and, finding None, knows it cannot embed raster images, which
Intake's PDFs never hold."""

import sys
import types

_pil = types.ModuleType("PIL")
_pil.Image = None  # type: ignore[attr-defined]
sys.modules.setdefault("PIL", _pil)
