// Writes a small HEIC or AVIF as a phone does: the pixels stored turned (sensor orientation), an irot/imir
// transform saying how to stand them up, and the same orientation in EXIF (which a decoder must not apply twice).
// The picture, upright, is 48x64: red above, blue below. Build: cc heif-fixture.c -lheif -o heif-fixture
// Use: heif-fixture OUT heic|avif ORIENTATION(1..8)
#include <libheif/heif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void upright(int x, int y, unsigned char *rgb) {
    int top = y < 32;
    rgb[0] = top ? 220 : 30;
    rgb[1] = 30;
    rgb[2] = top ? 30 : 220;
}

// The stored pixel (x, y) for EXIF orientation o: the upright pixel it becomes once turned (as Orientation.swift does).
static void stored(int o, int sw, int sh, int x, int y, unsigned char *rgb) {
    int ux = x, uy = y;
    switch (o) {
    case 2: ux = sw - 1 - x; break;
    case 3: ux = sw - 1 - x; uy = sh - 1 - y; break;
    case 4: uy = sh - 1 - y; break;
    case 5: ux = y; uy = x; break;
    case 6: ux = sh - 1 - y; uy = x; break;
    case 7: ux = sh - 1 - y; uy = sw - 1 - x; break;
    case 8: ux = y; uy = sw - 1 - x; break;
    }
    upright(ux, uy, rgb);
}

static int check(struct heif_error e, const char *what) {
    if (e.code != heif_error_Ok) { fprintf(stderr, "%s: %s\n", what, e.message); exit(1); }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: heif-fixture OUT heic|avif ORIENTATION\n"); return 64; }
    int avif = strcmp(argv[2], "avif") == 0, o = atoi(argv[3]);
    if (o < 1 || o > 8) return 64;
    int sw = o >= 5 ? 64 : 48, sh = o >= 5 ? 48 : 64;
    heif_init(NULL);
    struct heif_context *ctx = heif_context_alloc();
    struct heif_image *image;
    check(heif_image_create(sw, sh, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image), "create");
    check(heif_image_add_plane(image, heif_channel_interleaved, sw, sh, 8), "plane");
    int stride;
    uint8_t *p = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++) stored(o, sw, sh, x, y, p + y * stride + x * 3);
    struct heif_encoder *encoder;
    check(heif_context_get_encoder_for_format(ctx, avif ? heif_compression_AV1 : heif_compression_HEVC, &encoder), "encoder");
    heif_encoder_set_lossy_quality(encoder, 90);
    struct heif_encoding_options *options = heif_encoding_options_alloc();
    options->image_orientation = (enum heif_orientation)o;
    struct heif_image_handle *handle;
    check(heif_context_encode_image(ctx, image, encoder, options, &handle), "encode");
    // EXIF with the same orientation, big-endian TIFF: what a phone writes beside the transform.
    unsigned char exif[] = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)o, 0, 0, 0, 0, 0, 0};
    check(heif_context_add_exif_metadata(ctx, handle, exif, sizeof exif), "exif");
    check(heif_context_write_to_file(ctx, argv[1]), "write");
    return 0;
}
