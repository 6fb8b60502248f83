#include "CImageCodecs.h"
#include <stdio.h>
#include <string.h>
#include <webp/decode.h>

int closet_webp_decode(const unsigned char *data, size_t size, long max_pixels, long max_output_pixels,
                       closet_rgb_image *out) {
    memset(out, 0, sizeof *out);
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "the WebP decoder does not match its header");
        return -1;
    }
    if (WebPGetFeatures(data, size, &config.input) != VP8_STATUS_OK) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "not a readable WebP file");
        return -1;
    }
    long w = config.input.width, h = config.input.height;
    out->source_width = (int)w;
    out->source_height = (int)h;
    if (config.input.has_animation) {
        out->animated = 1;
        snprintf(out->error, CLOSET_ERROR_SIZE, "an animated WebP is not a photo: closet takes still pictures");
        return -1;
    }
    if (w <= 0 || h <= 0) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "the header has no size");
        return -1;
    }
    if (w * h > max_pixels) {
        out->over_limit = 1;
        snprintf(out->error, CLOSET_ERROR_SIZE, "the image is %ldx%ld, over the limit of %ld megapixels", w, h,
                 max_pixels / 1000000);
        return -1;
    }
    // Large pictures are scaled while decoding (libwebp's own scaler), so memory stays bounded.
    int f = 1;
    while ((w / f) * (h / f) > max_output_pixels) f++;
    if (f > 1) {
        config.options.use_scaling = 1;
        config.options.scaled_width = (int)(w / f > 0 ? w / f : 1);
        config.options.scaled_height = (int)(h / f > 0 ? h / f : 1);
    }
    int alpha = config.input.has_alpha;
    config.output.colorspace = alpha ? MODE_RGBA : MODE_RGB;
    VP8StatusCode status = WebPDecode(data, size, &config);
    if (status != VP8_STATUS_OK) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "the WebP picture cannot be decoded (status %d)", (int)status);
        WebPFreeDecBuffer(&config.output);
        return -1;
    }
    const WebPRGBABuffer *rgba = &config.output.u.RGBA;
    int result = closet_pack_rgb(rgba->rgba, rgba->stride, alpha ? 4 : 3, config.output.width, config.output.height, 1, out);
    WebPFreeDecBuffer(&config.output);
    return result;
}
