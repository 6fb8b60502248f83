# Writes the test pictures as PNG (standard library only): upright.png (48x64, red above, blue below), stored6.png
# (the same stored turned, for EXIF orientation 6), and two flat frames for an animated WebP.
import zlib, struct, sys
def png(path, w, h, pix):
    raw = b''.join(b'\x00' + bytes(pix[y*w*3:(y+1)*w*3]) for y in range(h))
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
# upright: 48 wide, 64 tall; top half red, bottom half blue
W, H = 48, 64
up = []
for y in range(H):
    for x in range(W):
        up += [220, 30, 30] if y < H // 2 else [30, 30, 220]
png('upright.png', W, H, up)
# stored turned: orientation 6 means the stored image must be rotated 90° clockwise to stand up;
# so stored = upright rotated 90° counter-clockwise: stored is H wide, W tall; stored(x, y) = upright(W-1-y, x)
sw, sh = H, W
st = []
for y in range(sh):
    for x in range(sw):
        ux, uy = W - 1 - y, x
        st += up[(uy*W+ux)*3:(uy*W+ux)*3+3]
png('stored6.png', sw, sh, st)
W2, H2 = 40, 30
png('frame1.png', W2, H2, [200, 200, 0] * (W2 * H2))
png('frame2.png', W2, H2, [0, 200, 200] * (W2 * H2))
