#include "CImageCodecs.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

// libpng's simplified API recovers from errors itself (it owns the setjmp) and converts every
// PNG colour type and depth to the format asked for, compositing alpha onto a background.
int closet_png_decode(const unsigned char *data, size_t size, long max_pixels, closet_rgb_image *out) {
    png_image image;
    memset(out, 0, sizeof *out);
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "%s", image.message);
        png_image_free(&image);
        return -1;
    }
    if ((long)image.width * (long)image.height > max_pixels || image.width == 0 || image.height == 0) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "the image is %ux%u, over the limit of %ld megapixels",
                 image.width, image.height, max_pixels / 1000000);
        png_image_free(&image);
        return -1;
    }
    image.format = PNG_FORMAT_RGB;
    size_t stride = (size_t)image.width * 3;
    unsigned char *pixels = malloc(stride * image.height);
    if (!pixels) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "out of memory for a %ux%u image", image.width, image.height);
        png_image_free(&image);
        return -1;
    }
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&image, &white, pixels, (png_int_32)stride, NULL)) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "%s", image.message);
        free(pixels);
        png_image_free(&image);
        return -1;
    }
    out->pixels = pixels;
    out->width = (int)image.width;
    out->height = (int)image.height;
    out->warnings = (image.warning_or_error & PNG_IMAGE_WARNING) ? 1 : 0;
    png_image_free(&image);
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
