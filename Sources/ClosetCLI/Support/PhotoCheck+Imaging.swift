import ClosetKit
import Imaging

extension PhotoCheck {
    /// What `closet import` takes, for restore to take the same: Imaging's size limit, and a photo that decodes
    /// (a JPEG at its smallest scale, so that checking a large one stays quick).
    static var imaging: PhotoCheck {
        let decoder = ImageDecoder()
        return PhotoCheck(maxBytes: decoder.maxFileBytes) { url in
            _ = try decoder.decode(try decoder.read(file: url), fitting: PixelSize(width: 8, height: 8))
        }
    }
}
