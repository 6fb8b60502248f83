import Imaging
import Inference

extension ModelInput {
    /// The preprocessing a manifest declares (its `preprocess`), as the app applies it to photos.
    public init(_ preprocess: ModelManifest.Preprocess) {
        self.init(
            size: preprocess.size, scale: preprocess.scale, offset: preprocess.offset, pad: UInt8(clamping: preprocess.pad))
    }
}
