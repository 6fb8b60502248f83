#include "CImageCodecs.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libheif/heif.h>

static pthread_once_t heif_once = PTHREAD_ONCE_INIT;
static void heif_start(void) { heif_init(NULL); }

// Packed RGB from interleaved RGB or RGBA rows (alpha composited onto white), reduced by the whole factor `f`
// (averaging f×f blocks) so that a large image costs at most its decoded rows once.
int closet_pack_rgb(const unsigned char *src, int stride, int channels, int width, int height, int f, closet_rgb_image *out) {
    int ow = width / f, oh = height / f;
    if (ow < 1) ow = 1;
    if (oh < 1) oh = 1;
    unsigned char *pixels = malloc((size_t)ow * (size_t)oh * 3);
    if (!pixels) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "out of memory for a %dx%d image", ow, oh);
        return -1;
    }
    for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
            unsigned sum[3] = {0, 0, 0}, n = 0;
            for (int dy = 0; dy < f && y * f + dy < height; dy++) {
                const unsigned char *row = src + (size_t)(y * f + dy) * (size_t)stride;
                for (int dx = 0; dx < f && x * f + dx < width; dx++) {
                    const unsigned char *p = row + (size_t)(x * f + dx) * (size_t)channels;
                    unsigned a = channels == 4 ? p[3] : 255u;
                    for (int c = 0; c < 3; c++) sum[c] += (p[c] * a + 255u * (255u - a) + 127u) / 255u;
                    n++;
                }
            }
            unsigned char *o = pixels + ((size_t)y * (size_t)ow + (size_t)x) * 3;
            for (int c = 0; c < 3; c++) o[c] = (unsigned char)((sum[c] + n / 2) / n);
        }
    }
    out->pixels = pixels;
    out->width = ow;
    out->height = oh;
    return 0;
}

static int heif_failed(closet_rgb_image *out, const char *what, struct heif_error error) {
    snprintf(out->error, CLOSET_ERROR_SIZE, "%s: %s", what, error.message ? error.message : "unknown error");
    return -1;
}

int closet_heif_decode(const unsigned char *data, size_t size, long max_pixels, long max_memory, long max_output_pixels,
                       closet_rgb_image *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&heif_once, heif_start);
    struct heif_context *ctx = heif_context_alloc();
    if (!ctx) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "out of memory");
        return -1;
    }
    // No side over 32768 pixels before anything is allocated for it (libheif's own guard, read from the header).
    heif_context_set_maximum_image_size_limit(ctx, 32768);
    struct heif_image_handle *handle = NULL;
    struct heif_image *image = NULL;
    struct heif_decoding_options *options = NULL;
    int result = -1;
    struct heif_error error = heif_context_read_from_memory_without_copy(ctx, data, size, NULL);
    if (error.code != heif_error_Ok) { heif_failed(out, "not a readable HEIF/AVIF file", error); goto done; }
    error = heif_context_get_primary_image_handle(ctx, &handle);
    if (error.code != heif_error_Ok) { heif_failed(out, "no picture in the file", error); goto done; }
    // The size once turned (libheif applies the file's rotation and mirroring: irot, imir).
    long w = heif_image_handle_get_width(handle), h = heif_image_handle_get_height(handle);
    out->source_width = (int)w;
    out->source_height = (int)h;
    if (w <= 0 || h <= 0) { snprintf(out->error, CLOSET_ERROR_SIZE, "the header has no size"); goto done; }
    if (w * h > max_pixels || w * h * 4 > max_memory) {
        out->over_limit = 1;
        snprintf(out->error, CLOSET_ERROR_SIZE, "the image is %ldx%ld, over the limit of %ld megapixels", w, h,
                 (max_pixels < max_memory / 4 ? max_pixels : max_memory / 4) / 1000000);
        goto done;
    }
    int alpha = heif_image_handle_has_alpha_channel(handle);
    options = heif_decoding_options_alloc();
    if (options) options->ignore_transformations = 0;
    error = heif_decode_image(handle, &image, heif_colorspace_RGB,
                              alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, options);
    if (error.code != heif_error_Ok) { heif_failed(out, "the picture cannot be decoded", error); goto done; }
    int stride = 0;
    const uint8_t *plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
    int iw = heif_image_get_width(image, heif_channel_interleaved), ih = heif_image_get_height(image, heif_channel_interleaved);
    if (!plane || iw <= 0 || ih <= 0) { snprintf(out->error, CLOSET_ERROR_SIZE, "the decoder gave no pixels"); goto done; }
    int f = 1;
    while ((long)(iw / f) * (long)(ih / f) > max_output_pixels) f++;
    result = closet_pack_rgb(plane, stride, alpha ? 4 : 3, iw, ih, f, out);
    out->source_width = iw;
    out->source_height = ih;
done:
    if (image) heif_image_release(image);
    if (options) heif_decoding_options_free(options);
    if (handle) heif_image_handle_release(handle);
    heif_context_free(ctx);
    return result;
}
