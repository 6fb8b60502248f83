// The smallest C layer over libjpeg-turbo and libpng that Swift needs: libjpeg reports errors by
// longjmp (its default handler calls exit()), and Swift cannot setjmp, so recovery lives here.
// Every function returns 0 on success, or -1 with a message in `error`; nothing leaks either way.
#ifndef CLOSET_IMAGE_CODECS_H
#define CLOSET_IMAGE_CODECS_H
#include <stddef.h>

#define CLOSET_ERROR_SIZE 200

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
    int warnings;          // libjpeg warnings seen (a truncated file is an error, not a warning)
    int source_width;      // the image's size in the file, before any reduction
    int source_height;
    char error[CLOSET_ERROR_SIZE];
} closet_rgb_image;

/// Reads a JPEG's header only.
int closet_jpeg_read_info(const unsigned char *data, size_t size, closet_jpeg_info *info);

/// Decodes a JPEG to RGB at `scale_num`/8 of its size (DCT-domain scaling, 1...8), refusing images
/// whose full size exceeds `max_pixels` before allocating for them.
int closet_jpeg_decode(const unsigned char *data, size_t size, int scale_num, long max_pixels, closet_rgb_image *out);

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

void closet_free(void *pointer);
#endif
