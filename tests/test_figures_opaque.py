"""Every figure stored in the notebooks is opaque, so that it stays legible on the site's dark
background. Fast: it reads the stored outputs (tests/test_browser.py checks the rendered pages)."""

import base64
import io
import json

from PIL import Image
from bookbuild.layout import ROOT


def stored_pngs():
    """("notebook.ipynb, cell N", PNG bytes) for every image/png output under book/."""
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get("image/png")
                if data:
                    yield f"{path.name}, cell {index}", base64.b64decode(data)


def test_stored_figures_are_opaque():
    pngs = list(stored_pngs())
    assert len(pngs) >= 20
    # Alpha 255 everywhere (an image without an alpha channel converts to 255).
    transparent = [where for where, png in pngs
                   if Image.open(io.BytesIO(png)).convert("RGBA").getchannel("A").getextrema()[0] < 255]
    assert not transparent, (
        f"figures with transparent pixels, unreadable on the dark theme: {transparent}. "
        "Save them on an opaque background (matplotlib's default facecolor, white, not transparent=True)"
    )
