# An EXIF orientation: a TIFF block (`tiff - OUT O`) or a JPEG with an APP1 segment added (`jpeg IN OUT O`).
import struct, sys
def tiff(o):
    # big-endian TIFF, IFD0 with one entry: 0x0112 SHORT 1 = o
    return b'MM\x00\x2a' + struct.pack('>I', 8) + struct.pack('>H', 1) + struct.pack('>HHIHH', 0x0112, 3, 1, o, 0) + struct.pack('>I', 0)
def jpeg_with(src, dst, o):
    d = open(src, 'rb').read()
    body = b'Exif\x00\x00' + tiff(o)
    app1 = b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body
    open(dst, 'wb').write(d[:2] + app1 + d[2:])
if __name__ == '__main__':
    if sys.argv[1] == 'jpeg': jpeg_with(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else: open(sys.argv[3], 'wb').write(tiff(int(sys.argv[4])))
