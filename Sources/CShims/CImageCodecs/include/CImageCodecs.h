// The smallest C layer over libjpeg-turbo and libpng that Swift needs: libjpeg reports errors by
// longjmp (its default handler calls exit()), and Swift cannot setjmp, so recovery lives here.
// Every function returns 0 on success, or -1 with a message in `error`; nothing leaks either way.
#ifndef CLOSET_IMAGE_CODECS_H
#define CLOSET_IMAGE_CODECS_H
#include <stddef.h>

#define CLOSET_ERROR_SIZE 256

typedef struct {
    int width;
    int height;
    int components;       // 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK
    int progressive;
    char error[CLOSET_ERROR_SIZE];
} closet_jpeg_info;

typedef struct {
    unsigned char *pixels; // RGB, 3 bytes a pixel, rows packed; free with closet_free
    int width;
    int height;
    int warnings;          // libjpeg warnings seen
    int source_width;      // the image's size in the file, before any reduction
    int source_height;
    int over_limit;        // on failure: 1 when the image was refused for a limit (size, scans, memory), not for damage
    int damaged;           // on success: 1 when the data ran out or was corrupt and part of the picture is padding
    char damage[CLOSET_ERROR_SIZE]; // what was damaged, in words, when `damaged`
    int animated;          // on failure: 1 when the file is an animation (refused, never decoded halfway)
    char error[CLOSET_ERROR_SIZE];
} closet_rgb_image;

/// What one JPEG decode may cost. A progressive JPEG is read scan by scan over the whole image and keeps
/// every coefficient in memory, so its cost is not its file size: 495 tiny scans over 100 megapixels is a
/// 1 MB file that takes a minute and 600 MB.
typedef struct {
    long max_pixels;       // width × height in the header
    long max_scan_pixels;  // scans × pixels: the pixels of every scan added up (the entropy decoding's work)
    int max_scans;         // scans in one file (libjpeg-turbo's tjLimitScans uses 500)
    long max_memory;       // bytes libjpeg may allocate, mostly a multi-scan image's coefficients (2 bytes a sample)
} closet_jpeg_limits;

/// Reads a JPEG's header only.
int closet_jpeg_read_info(const unsigned char *data, size_t size, closet_jpeg_info *info);

/// Decodes a JPEG to RGB at `scale_num`/8 of its size (DCT-domain scaling, 1...8), refusing images over
/// `limits` (size, scans counted from the file's markers, coefficient memory) before allocating or decoding
/// for them. A file whose data ends early or is corrupt still decodes (libjpeg pads it grey), with `damaged`.
int closet_jpeg_decode(const unsigned char *data, size_t size, int scale_num, closet_jpeg_limits limits,
                       closet_rgb_image *out);

/// The scans (SOS markers) in a JPEG, counted by walking its segments without decoding anything.
int closet_jpeg_count_scans(const unsigned char *data, size_t size);

/// Encodes packed grey or RGB as a valid progressive JPEG of `scans` scans (a DC scan, then one
/// coefficient at a time by successive approximation): what a hostile encoder may send. For tests and fuzz seeds.
int closet_jpeg_encode_scans(const unsigned char *pixels, int width, int height, int components, int scans,
                             unsigned char **out, unsigned long *out_size, char *error);

/// Decodes a PNG (any bit depth, palette, tRNS, grey, interlaced) to 8-bit RGB, alpha composited onto white.
/// Images over `max_output_pixels` are reduced by the smallest whole factor that fits, averaging
/// f×f blocks as the rows are read, so memory stays bounded whatever the image's size. An interlaced
/// image needs all of its rows at once, so one over `max_output_pixels` is refused.
int closet_png_decode(const unsigned char *data, size_t size, long max_pixels, long max_output_pixels, closet_rgb_image *out);

/// Encodes packed pixels (1 grey, 3 RGB or 4 CMYK components, CMYK written as Adobe YCCK) as a JPEG,
/// baseline or progressive; `*out` is freed with closet_free.
int closet_jpeg_encode(const unsigned char *pixels, int width, int height, int components, int quality,
                       int progressive, unsigned char **out, unsigned long *out_size, char *error);

/// Encodes packed RGB as an 8-bit PNG; `*out` is freed with closet_free.
int closet_png_encode(const unsigned char *rgb, int width, int height, int channels,
                      unsigned char **out, size_t *out_size, char *error);

/// Decodes a HEIF file's primary picture (HEIC, AVIF) with libheif to RGB, upright: libheif applies the file's
/// own rotation and mirroring (irot, imir), so an EXIF orientation inside it must not be applied again. Refused
/// from the header: over `max_pixels`, or needing more than `max_memory` bytes decoded (4 a pixel). Reduced by a
/// whole factor to at most `max_output_pixels`. `source_width`/`source_height` are the upright full size.
int closet_heif_decode(const unsigned char *data, size_t size, long max_pixels, long max_memory, long max_output_pixels,
                       closet_rgb_image *out);

/// Decodes a still WebP with libwebp to RGB (alpha composited onto white); an animated one is refused with
/// `animated` set. Refused over `max_pixels` from its header; scaled while decoding to at most `max_output_pixels`.
int closet_webp_decode(const unsigned char *data, size_t size, long max_pixels, long max_output_pixels,
                       closet_rgb_image *out);

/// Packs interleaved RGB or RGBA rows (alpha onto white) into `out`'s RGB pixels, reduced by the whole factor `f`.
int closet_pack_rgb(const unsigned char *src, int stride, int channels, int width, int height, int f, closet_rgb_image *out);

void closet_free(void *pointer);
#endif
