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

// Decodes any PNG to 8-bit RGB: palette and low-bit grey expanded, tRNS turned into alpha, 16-bit
// scaled to 8, Adam7 de-interlaced, and alpha composited onto white in sRGB space (as browsers do).
int closet_png_decode(const unsigned char *data, size_t size, long max_pixels, closet_rgb_image *out) {
    png_source src = {data, size, 0, {0}};
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char *volatile rgba = NULL;
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
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
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (png_get_bit_depth(png, info) == 16) png_set_scale_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = (size_t)w * 4;
    rgba = malloc(stride * h);
    rows = malloc(sizeof(png_bytep) * h);
    pixels = malloc((size_t)w * h * 3);
    if (!rgba || !rows || !pixels) {
        snprintf(src.message, sizeof src.message, "out of memory for a %ux%u image", w, h);
        png_longjmp(png, 3);
    }
    for (png_uint_32 y = 0; y < h; y++) rows[y] = rgba + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    for (size_t i = 0, n = (size_t)w * h; i < n; i++) {
        unsigned a = rgba[4 * i + 3];
        for (int c = 0; c < 3; c++) {
            unsigned v = rgba[4 * i + c];
            pixels[3 * i + c] = (unsigned char)((v * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(rgba);
    free(rows);
    out->pixels = pixels;
    out->width = (int)w;
    out->height = (int)h;
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
