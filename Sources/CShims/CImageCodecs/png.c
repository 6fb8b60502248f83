#include "CImageCodecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

// libpng reports errors by longjmp; the jump target lives here, since Swift cannot setjmp.
typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    char message[CLOSET_ERROR_SIZE];
} png_source;

static void on_png_error(png_structp png, png_const_charp message) {
    png_source *src = (png_source *)png_get_error_ptr(png);
    snprintf(src->message, sizeof src->message, "%s", message);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    png_source *src = (png_source *)png_get_io_ptr(png);
    if (length > src->size - src->offset) png_error(png, "the PNG is truncated (premature end of data)");
    memcpy(out, src->data + src->offset, length);
    src->offset += length;
}

// Alpha composited onto white in sRGB space (as browsers do).
static unsigned char over_white(unsigned v, unsigned a) {
    return (unsigned char)((v * a + 255u * (255u - a) + 127u) / 255u);
}

// Decodes any PNG to 8-bit RGB: palette and low-bit grey expanded, tRNS turned into alpha, 16-bit
// scaled to 8, Adam7 de-interlaced, and alpha composited onto white. A non-interlaced image is read
// one row at a time and, when over `max_output_pixels`, reduced by a whole factor f as it is read.
int closet_png_decode(const unsigned char *data, size_t size, long max_pixels, long max_output_pixels, closet_rgb_image *out) {
    png_source src = {data, size, 0, {0}};
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char *volatile rgba = NULL;
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    unsigned *volatile sums = NULL;
    memset(out, 0, sizeof *out);
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, on_png_error, on_png_warning);
    if (png) info = png_create_info_struct(png);
    if (!png || !info) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "out of memory");
        png_destroy_read_struct(&png, NULL, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "%s", src.message);
        png_destroy_read_struct(&png, &info, NULL);
        free(rgba);
        free(pixels);
        free(rows);
        free(sums);
        return -1;
    }
    png_set_read_fn(png, &src, read_from_memory);
    png_set_user_limits(png, 1000000, 1000000);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((long)w * (long)h > max_pixels) {
        snprintf(src.message, sizeof src.message, "the image is %ux%u, over the limit of %ld megapixels",
                 w, h, max_pixels / 1000000);
        png_longjmp(png, 2);
    }
    int color = png_get_color_type(png, info);
    int interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (png_get_bit_depth(png, info) == 16) png_set_scale_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = (size_t)w * 4;
    // The smallest whole factor that brings the image within max_output_pixels.
    png_uint_32 f = 1;
    while ((long)((w + f - 1) / f) * (long)((h + f - 1) / f) > max_output_pixels) f++;
    png_uint_32 ow = (w + f - 1) / f, oh = (h + f - 1) / f;
    if (interlaced && f > 1) {
        snprintf(src.message, sizeof src.message,
                 "the image is an interlaced %ux%u PNG, over the %ld megapixels closet decodes whole: save it non-interlaced",
                 w, h, max_output_pixels / 1000000);
        png_longjmp(png, 4);
    }
    pixels = malloc((size_t)ow * oh * 3);
    if (interlaced) {
        rgba = malloc(stride * h);
        rows = malloc(sizeof(png_bytep) * h);
    } else {
        rgba = malloc(stride);
        sums = calloc((size_t)ow * 3, sizeof(unsigned));
    }
    if (!pixels || !rgba || (interlaced ? !rows : !sums)) {
        snprintf(src.message, sizeof src.message, "out of memory for a %ux%u image", w, h);
        png_longjmp(png, 3);
    }
    if (interlaced) {
        for (png_uint_32 y = 0; y < h; y++) rows[y] = rgba + y * stride;
        png_read_image(png, rows);
        for (size_t i = 0, n = (size_t)w * h; i < n; i++)
            for (int c = 0; c < 3; c++) pixels[3 * i + c] = over_white(rgba[4 * i + c], rgba[4 * i + 3]);
    } else {
        (void)passes;
        for (png_uint_32 y = 0; y < h; y++) {
            png_read_row(png, rgba, NULL);
            for (png_uint_32 x = 0; x < w; x++) {
                unsigned a = rgba[4 * x + 3];
                unsigned *sum = sums + 3 * (x / f);
                for (int c = 0; c < 3; c++) sum[c] += over_white(rgba[4 * x + c], a);
            }
            if ((y + 1) % f == 0 || y + 1 == h) {
                png_uint_32 by = y / f, bh = y - by * f + 1;
                unsigned char *row = pixels + (size_t)by * ow * 3;
                for (png_uint_32 bx = 0; bx < ow; bx++) {
                    png_uint_32 bw = (bx + 1) * f <= w ? f : w - bx * f;
                    unsigned n = bw * bh;
                    for (int c = 0; c < 3; c++) row[3 * bx + c] = (unsigned char)((sums[3 * bx + c] + n / 2) / n);
                }
                memset(sums, 0, (size_t)ow * 3 * sizeof(unsigned));
            }
        }
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rgba);
    free(rows);
    free(sums);
    out->pixels = pixels;
    out->width = (int)ow;
    out->height = (int)oh;
    out->source_width = (int)w;
    out->source_height = (int)h;
    return 0;
}

int closet_png_encode(const unsigned char *rgb, int width, int height, int channels,
                      unsigned char **out, size_t *out_size, char *error) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = channels == 4 ? PNG_FORMAT_RGBA : channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    *out = NULL;
    *out_size = 0;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, NULL, &size, 0, rgb, 0, NULL)) {
        snprintf(error, CLOSET_ERROR_SIZE, "%s", image.message);
        return -1;
    }
    unsigned char *buffer = malloc(size);
    if (!buffer) { snprintf(error, CLOSET_ERROR_SIZE, "out of memory"); return -1; }
    if (!png_image_write_to_memory(&image, buffer, &size, 0, rgb, 0, NULL)) {
        snprintf(error, CLOSET_ERROR_SIZE, "%s", image.message);
        free(buffer);
        return -1;
    }
    *out = buffer;
    *out_size = size;
    return 0;
}
