"""Payment QR codes read back from a rendered page: Typst PNG -> zxing-cpp, and PAY by square
reversed with the standard library's lzma."""

from __future__ import annotations

import binascii
import lzma

import zxingcpp

from support.pngread import grey

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
LZMA_FILTER = {"id": lzma.FILTER_LZMA1, "lc": 3, "lp": 0, "pb": 2, "dict_size": 128 * 1024}


def pay_by_square_fields(code: str) -> list[str]:
    """The tab-separated fields of a PAY by square code, its checksum verified."""
    bits = "".join(f"{ALPHABET.index(ch):05b}" for ch in code)
    raw = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8))
    length = int.from_bytes(raw[2:4], "little")
    decoder = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[LZMA_FILTER])
    payload = decoder.decompress(raw[4:], max_length=length)
    checksum, data = payload[:4], payload[4:]
    assert binascii.crc32(data).to_bytes(4, "little") == checksum
    return data.decode("utf-8").split("\t")


def qr_codes(png: bytes) -> list[str]:
    """The text of every QR code on a PNG page."""
    width, height, pixels = grey(png)
    return [
        code.text for code in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    ]
