"""Read a printed A3 the way a phone does: rasterize page 1 and decode the QR code on it."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp


def qr_on_page_one(pdf: bytes, dpi: int = 100) -> list[str]:
    """The text of every QR code on page 1, rendered at ``dpi``."""
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
