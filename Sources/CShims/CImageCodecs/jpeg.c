#include "CImageCodecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// An error manager that longjmps back instead of calling exit(), keeping the message; warnings that
// mean lost data (the file ends early, a corrupt code) mark the image damaged, with the row reached.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    int warnings;
    int damaged;
    int saw_eof;           // the file ended without its end marker (a fake one was inserted)
    int over_limit;
    long damaged_row;      // the output row being read when the data ran out, or -1 before the first row
    char damage[JMSG_LENGTH_MAX];
    char message[JMSG_LENGTH_MAX];
} guarded_error;

static void on_error(j_common_ptr cinfo) {
    guarded_error *err = (guarded_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

// A scan's data ran out before its blocks did (libjpeg pads with zeros: grey), or was corrupt. A file that
// only lacks its end marker warns JWRN_JPEG_EOF but loses nothing: when bits are really missing, the
// entropy decoder warns JWRN_HIT_MARKER after it.
static int means_lost_data(int code) {
    return code == JWRN_HIT_MARKER || code == JWRN_HUFF_BAD_CODE || code == JWRN_MUST_RESYNC || code == JWRN_ARITH_BAD_CODE;
}

static void on_message(j_common_ptr cinfo, int level) {
    guarded_error *err = (guarded_error *)cinfo->err;
    if (level >= 0) return;
    err->warnings++;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) err->saw_eof = 1;
    if (err->damaged || !means_lost_data(cinfo->err->msg_code)) return;
    long row = -1;
    if (cinfo->is_decompressor && cinfo->global_state >= 205 /* DSTATE_SCANNING: rows are being read */) {
        j_decompress_ptr d = (j_decompress_ptr)cinfo;
        // Every row already came out whole (only the end marker is missing): nothing of the picture is lost.
        if (d->output_scanline >= d->output_height) return;
        row = (long)d->output_scanline;
    }
    err->damaged = 1;
    err->damaged_row = row;
    (*cinfo->err->format_message)(cinfo, err->damage);
}

// Refuses, from within libjpeg, a file that goes past a limit: jumps back with words.
static void refuse(guarded_error *err, const char *message) {
    snprintf(err->message, sizeof err->message, "%s", message);
    err->over_limit = 1;
    longjmp(err->jump, 2);
}

// The progress monitor adds up the pixels each scan reads as libjpeg reaches it: the backstop for the
// scan count taken from the markers beforehand (a file libjpeg reads differently from that count).
typedef struct {
    struct jpeg_progress_mgr base;
    closet_jpeg_limits limits;
    int scans;
    long scan_pixels;
} guarded_progress;

static void on_progress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    guarded_progress *p = (guarded_progress *)cinfo->progress;
    if (d->input_scan_number <= p->scans) return;
    p->scans = d->input_scan_number;
    p->scan_pixels += (long)d->image_width * (long)d->image_height;
    char message[CLOSET_ERROR_SIZE];
    if (p->scans > p->limits.max_scans) {
        snprintf(message, sizeof message, "the JPEG has more than %d scans, the most closet decodes: save it again as a baseline JPEG", p->limits.max_scans);
        refuse((guarded_error *)cinfo->err, message);
    }
    if (p->scan_pixels > p->limits.max_scan_pixels) {
        snprintf(message, sizeof message, "the JPEG's scans add up to more than %ld megapixels to decode, the most closet decodes: save it again as a baseline JPEG",
                 p->limits.max_scan_pixels / 1000000);
        refuse((guarded_error *)cinfo->err, message);
    }
}

static void copy_message(char *dst, const char *src) {
    snprintf(dst, CLOSET_ERROR_SIZE, "%s", src);
}

static int is_rst_or_stuffing(unsigned char m) { return m == 0x00 || (m >= 0xD0 && m <= 0xD7); }

int closet_jpeg_count_scans(const unsigned char *d, size_t n) {
    size_t i = 2;
    int scans = 0;
    while (i + 1 < n) {
        if (d[i] != 0xFF) { i++; continue; }  // bytes between segments: libjpeg skips them too
        unsigned char m = d[i + 1];
        if (m == 0xFF) { i++; continue; }      // fill bytes before a marker
        if (m == 0xD9) break;                  // EOI
        if (is_rst_or_stuffing(m) || m == 0x01) { i += 2; continue; }  // markers without a length
        if (i + 3 >= n) break;
        i += 2 + (((size_t)d[i + 2] << 8) | d[i + 3]);
        if (m != 0xDA) continue;
        scans++;
        // The entropy-coded data runs to the next marker: 0xFF00 is a stuffed byte, 0xFFD0…D7 a restart.
        while (i + 1 < n && !(d[i] == 0xFF && !is_rst_or_stuffing(d[i + 1]) && d[i + 1] != 0xFF)) i++;
    }
    return scans;
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

// The bytes libjpeg's coefficient buffer takes for a multi-scan image (jdcoefct.c: every block of every
// component, rounded up to whole MCUs, 64 coefficients of 2 bytes); 0 for one scan, decoded row by row.
static long coefficient_bytes(j_decompress_ptr cinfo) {
    if (!jpeg_has_multiple_scans(cinfo)) return 0;
    long bytes = 0;
    for (int c = 0; c < cinfo->num_components; c++) {
        jpeg_component_info *comp = &cinfo->comp_info[c];
        long w = ((long)comp->width_in_blocks + comp->h_samp_factor - 1) / comp->h_samp_factor * comp->h_samp_factor;
        long h = ((long)comp->height_in_blocks + comp->v_samp_factor - 1) / comp->v_samp_factor * comp->v_samp_factor;
        bytes += w * h * (long)sizeof(JBLOCK);
    }
    return bytes;
}

// Checks the header and the markers against the limits before libjpeg allocates or decodes anything.
static void check_limits(j_decompress_ptr cinfo, guarded_error *err, closet_jpeg_limits limits, const unsigned char *data,
                         size_t size) {
    char message[CLOSET_ERROR_SIZE];
    long pixels = (long)cinfo->image_width * (long)cinfo->image_height;
    if (pixels > limits.max_pixels) {
        snprintf(message, sizeof message, "the image is %ux%u, over the limit of %ld megapixels", cinfo->image_width,
                 cinfo->image_height, limits.max_pixels / 1000000);
        refuse(err, message);
    }
    int scans = closet_jpeg_count_scans(data, size);
    if (scans > limits.max_scans) {
        snprintf(message, sizeof message, "the JPEG has %d scans, over the %d closet decodes (a decompression bomb?): save it again as a baseline JPEG", scans,
                 limits.max_scans);
        refuse(err, message);
    }
    if (pixels > 0 && scans > limits.max_scan_pixels / pixels) {
        snprintf(message, sizeof message,
                 "the JPEG's %d scans over %ux%u pixels are %ld megapixels to decode, over the %ld closet decodes "
                 "(a decompression bomb?): save it again as a baseline JPEG",
                 scans, cinfo->image_width, cinfo->image_height, (long)scans * (pixels / 1000000), limits.max_scan_pixels / 1000000);
        refuse(err, message);
    }
    long bytes = coefficient_bytes(cinfo);
    if (bytes > limits.max_memory) {
        snprintf(message, sizeof message,
                 "the %ux%u progressive JPEG needs %ld MB to decode, over the %ld MB closet allows: save it as a baseline JPEG",
                 cinfo->image_width, cinfo->image_height, bytes >> 20, limits.max_memory >> 20);
        refuse(err, message);
    }
}

// Whether a multi-scan file that ended without its end marker lacks scans: for a progressive one, whether a
// coefficient bit of some component was never sent (libjpeg's coef_bits: -1 never, above 0 not refined yet).
static int scans_missing(j_decompress_ptr cinfo) {
    if (!jpeg_has_multiple_scans(cinfo)) return 0;
    if (!cinfo->progressive_mode || !cinfo->coef_bits) return 1;  // cut between scans: cannot tell, say so
    for (int c = 0; c < cinfo->num_components; c++)
        for (int k = 0; k < DCTSIZE2; k++)
            if (cinfo->coef_bits[c][k] != 0) return 1;
    return 0;
}

// The damage in words, with where the picture is lost where libjpeg says (it decodes a few rows ahead, so
// the row is where the loss starts at the latest).
static void describe_damage(j_decompress_ptr cinfo, guarded_error *err, closet_rgb_image *out) {
    if (err->damaged_row >= 0 && cinfo->output_height > 0) {
        long row = err->damaged_row * (long)cinfo->image_height / (long)cinfo->output_height;
        snprintf(out->damage, CLOSET_ERROR_SIZE,
                 "the JPEG is damaged (%s): from near row %ld of %u on, the picture is missing and would be grey",
                 err->damage, row + 1, cinfo->image_height);
    } else {
        snprintf(out->damage, CLOSET_ERROR_SIZE, "the JPEG is damaged (%s): part of the picture is missing and would be grey",
                 err->damage);
    }
}

int closet_jpeg_decode(const unsigned char *data, size_t size, int scale_num, closet_jpeg_limits limits,
                       closet_rgb_image *out) {
    struct jpeg_decompress_struct cinfo;
    guarded_progress progress;
    guarded_error err;
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile row = NULL;
    memset(out, 0, sizeof *out);
    memset(&err, 0, sizeof err);
    memset(&progress, 0, sizeof progress);
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.emit_message = on_message;
    if (setjmp(err.jump)) {
        copy_message(out->error, err.message);
        out->over_limit = err.over_limit || err.base.msg_code == JERR_NO_BACKING_STORE || err.base.msg_code == JERR_OUT_OF_MEMORY;
        if (err.base.msg_code == JERR_NO_BACKING_STORE && !err.over_limit)
            snprintf(out->error, CLOSET_ERROR_SIZE, "the JPEG needs more than the %ld MB closet allows to decode: save it again smaller or as a baseline JPEG",
                     limits.max_memory >> 20);
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    progress.base.progress_monitor = on_progress;
    progress.limits = limits;
    cinfo.progress = &progress.base;
    // libjpeg's own backstop: past this it stops with "backing store not supported" instead of allocating.
    cinfo.mem->max_memory_to_use = limits.max_memory + 64L * 1024L * 1024L;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    check_limits(&cinfo, &err, limits, data, size);
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
    // Every row is read, also after the data ran out (libjpeg pads those grey), so that a damaged image
    // someone chooses to keep has no uninitialised rows.
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1];
        int y = (int)cinfo.output_scanline;
        unsigned char *dst = pixels + (size_t)y * (size_t)w * 3;
        rows[0] = cmyk ? row : dst;
        jpeg_read_scanlines(&cinfo, rows, 1);
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
    // Before finishing: that frees the progression status (coef_bits). A multi-scan file is read whole by now.
    if (!err.damaged && err.saw_eof && scans_missing(&cinfo)) {
        err.damaged = 1;
        snprintf(err.damage, sizeof err.damage, "Premature end of JPEG file: scans are missing");
    }
    jpeg_finish_decompress(&cinfo);
    if (err.damaged) {
        out->damaged = 1;
        describe_damage(&cinfo, &err, out);
    }
    out->source_width = (int)cinfo.image_width;
    out->source_height = (int)cinfo.image_height;
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

int closet_jpeg_encode_scans(const unsigned char *pixels, int width, int height, int components, int scans,
                             unsigned char **out, unsigned long *out_size, char *error) {
    struct jpeg_compress_struct cinfo;
    guarded_error err;
    unsigned char *volatile buffer = NULL;
    jpeg_scan_info *volatile script = NULL;
    unsigned long size = 0;
    memset(&err, 0, sizeof err);
    *out = NULL;
    *out_size = 0;
    if (scans < 1 || (components != 1 && components != 3)) {
        snprintf(error, CLOSET_ERROR_SIZE, "1 or 3 components and at least one scan");
        return -1;
    }
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error;
    err.base.emit_message = on_message;
    if (setjmp(err.jump)) {
        copy_message(error, err.message);
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        free(script);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 90, TRUE);
    // One DC scan of every component, then each AC coefficient of each component on its own, its bits sent
    // from bit 9 down (a first scan, then a refinement for each lower bit): up to 1 + 630 × components scans.
    int most = 1 + 63 * 10 * components;
    if (scans > most) scans = most;
    script = calloc((size_t)scans, sizeof(jpeg_scan_info));
    if (!script) { snprintf(err.message, sizeof err.message, "out of memory"); longjmp(err.jump, 3); }
    script[0].comps_in_scan = components;
    for (int c = 0; c < components; c++) script[0].component_index[c] = c;
    int i = 1;
    for (int k = 1; k <= 63 && i < scans; k++)
        for (int c = 0; c < components && i < scans; c++)
            for (int bit = 9; bit >= 0 && i < scans; bit--, i++) {
                script[i].comps_in_scan = 1;
                script[i].component_index[0] = c;
                script[i].Ss = k;
                script[i].Se = k;
                script[i].Ah = bit == 9 ? 0 : bit + 1;
                script[i].Al = bit;
            }
    cinfo.scan_info = script;
    cinfo.num_scans = scans;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * (size_t)width * (size_t)components)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(script);
    *out = buffer;
    *out_size = size;
    return 0;
}
