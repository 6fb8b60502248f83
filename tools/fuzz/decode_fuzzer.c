// libFuzzer harness for the decoder shim (Sources/CShims/CImageCodecs): every input must either
// decode or return an error — never crash, hang, leak or read out of bounds (run with ASan).
//
//   tools/fuzz/run.sh [seconds]
#include <stddef.h>
#include <stdint.h>
#include "CImageCodecs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    closet_jpeg_info info;
    closet_rgb_image image;
    // The limits ImageDecoder uses, scaled down with the pixels: bombs are refused, not decoded.
    closet_jpeg_limits limits = {4000000, 80000000, 500, 64L * 1024 * 1024};
    closet_jpeg_count_scans(data, size);
    if (closet_jpeg_read_info(data, size, &info) == 0) {
        for (int scale = 1; scale <= 8; scale *= 2) {
            if (closet_jpeg_decode(data, size, scale, limits, &image) == 0) closet_free(image.pixels);
        }
    }
    if (closet_png_decode(data, size, 4000000, 1000000, &image) == 0) closet_free(image.pixels);
    return 0;
}
