#include "CImageCodecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// An error manager that longjmps back instead of calling exit(), keeping the message.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    int warnings;
    int truncated;
    char message[JMSG_LENGTH_MAX];
} guarded_error;

static void on_error(j_common_ptr cinfo) {
    guarded_error *err = (guarded_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level) {
    guarded_error *err = (guarded_error *)cinfo->err;
    if (level < 0) {
        err->warnings++;
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) err->truncated = 1;
    }
}

// A progressive JPEG can declare thousands of tiny scans to burn CPU; refuse absurd counts.
static void on_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr d = (j_decompress_ptr)cinfo;
        if (d->input_scan_number > 500) {
            guarded_error *err = (guarded_error *)cinfo->err;
            snprintf(err->message, sizeof err->message, "the JPEG has more than 500 scans (a decompression bomb?)");
            longjmp(err->jump, 2);
        }
    }
}

static void copy_message(char *dst, const char *src) {
    snprintf(dst, CLOSET_ERROR_SIZE, "%s", src);
}

int closet_jpeg_read_info(const unsigned char *data, size_t size, closet_jpeg_info *info) {
    struct jpeg_decompress_struct cinfo;
    guarded_error err;
    memset(info, 0, sizeof *info);
    memset(&err, 0, sizeof err);
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.emit_message = on_message;
    if (setjmp(err.jump)) {
        copy_message(info->error, err.message);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int closet_jpeg_decode(const unsigned char *data, size_t size, int scale_num, long max_pixels, closet_rgb_image *out) {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    guarded_error err;
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile row = NULL;
    memset(out, 0, sizeof *out);
    memset(&err, 0, sizeof err);
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.emit_message = on_message;
    if (setjmp(err.jump)) {
        copy_message(out->error, err.message);
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = on_progress;
    cinfo.progress = &progress;
    cinfo.mem->max_memory_to_use = 1024L * 1024L * 1024L;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if ((long)cinfo.image_width * (long)cinfo.image_height > max_pixels) {
        snprintf(out->error, CLOSET_ERROR_SIZE, "the image is %ux%u, over the limit of %ld megapixels",
                 cinfo.image_width, cinfo.image_height, max_pixels / 1000000);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    if (scale_num < 1 || scale_num > 8) scale_num = 8;
    cinfo.scale_num = (unsigned)scale_num;
    cinfo.scale_denom = 8;
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    int w = (int)cinfo.output_width, h = (int)cinfo.output_height, n = cinfo.output_components;
    pixels = malloc((size_t)w * (size_t)h * 3);
    row = malloc((size_t)w * (size_t)n);
    if (!pixels || !row) {
        snprintf(err.message, sizeof err.message, "out of memory for a %dx%d image", w, h);
        longjmp(err.jump, 3);
    }
    // Adobe writes CMYK inverted; libjpeg reports it through saw_Adobe_marker.
    int inverted = cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1];
        int y = (int)cinfo.output_scanline;
        unsigned char *dst = pixels + (size_t)y * (size_t)w * 3;
        rows[0] = cmyk ? row : dst;
        jpeg_read_scanlines(&cinfo, rows, 1);
        if (err.truncated) break;
        if (cmyk) {
            for (int x = 0; x < w; x++) {
                int c = row[4 * x], m = row[4 * x + 1], yy = row[4 * x + 2], k = row[4 * x + 3];
                if (!inverted) { c = 255 - c; m = 255 - m; yy = 255 - yy; k = 255 - k; }
                dst[3 * x] = (unsigned char)((c * k + 127) / 255);
                dst[3 * x + 1] = (unsigned char)((m * k + 127) / 255);
                dst[3 * x + 2] = (unsigned char)((yy * k + 127) / 255);
            }
        }
    }
    if (err.truncated) {
        snprintf(err.message, sizeof err.message, "the JPEG is truncated (premature end of data)");
        longjmp(err.jump, 4);
    }
    jpeg_finish_decompress(&cinfo);
    if (err.truncated) {
        snprintf(err.message, sizeof err.message, "the JPEG is truncated (premature end of data)");
        longjmp(err.jump, 4);
    }
    jpeg_destroy_decompress(&cinfo);
    free(row);
    out->pixels = pixels;
    out->width = w;
    out->height = h;
    out->warnings = err.warnings;
    return 0;
}

int closet_jpeg_encode(const unsigned char *pixels, int width, int height, int components, int quality,
                       int progressive, unsigned char **out, unsigned long *out_size, char *error) {
    struct jpeg_compress_struct cinfo;
    guarded_error err;
    unsigned char *volatile buffer = NULL;
    unsigned long size = 0;
    memset(&err, 0, sizeof err);
    *out = NULL;
    *out_size = 0;
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.emit_message = on_message;
    if (setjmp(err.jump)) {
        copy_message(error, err.message);
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    if (components == 4) jpeg_set_colorspace(&cinfo, JCS_YCCK);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * (size_t)width * (size_t)components)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *out = buffer;
    *out_size = size;
    return 0;
}

void closet_free(void *pointer) { free(pointer); }
