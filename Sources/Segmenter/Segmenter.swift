import Foundation
import Imaging
import Inference
import InferenceKernels

/// Salient-object segmentation of a garment photo with U²-Netp (models/segment) in closet's engine: the photo is
/// resized to the network's square input (the aspect is not kept, as rembg does), scaled by its brightest value and
/// normalised with ImageNet's mean and deviation; the network's fused map is stretched to 0…1 (rembg's min-max) and
/// resized back to the photo's size as an 8-bit mask, 255 for the garment.
public final class Segmenter {
    /// ImageNet's mean and deviation, per RGB channel (rembg's preprocessing).
    static let mean: [Float] = [0.485, 0.456, 0.406]
    static let deviation: [Float] = [0.229, 0.224, 0.225]

    public let network: Network
    /// The side of the network's square input.
    public let size: Int
    /// Where the model was loaded from.
    public let manifestURL: URL

    /// Which model made a mask, as the wardrobe records it (``ClosetKit/Wardrobe/setMask(_:state:model:photo:)``): the
    /// network's name and input size, so that masks of another model or size are made again.
    public var model: String { "\(network.manifest.name)@\(size)" }

    /// Loads the manifest and its weights; runs at `size`×`size` when given (the graph follows its input's size).
    public init(manifestURL: URL, size: Int? = nil, kernels: (any KernelSet.Type)? = nil) throws {
        var manifest = try ModelManifest.load(manifestURL)
        guard manifest.outputs["mask"] != nil else {
            throw InferenceError.badModel("\(manifestURL.path) has no output named mask: it is not a segmentation model")
        }
        if let size {
            guard (32...1024).contains(size) else { throw InferenceError.badModel("a segmentation input of \(size) pixels (32 to 1024)") }
            (manifest.input.height, manifest.input.width) = (size, size)
        }
        let weights = try SafeTensors(contentsOf: manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.weights))
        network = try Network(manifest: manifest, tensor: { try weights.floats($0) }, kernels: kernels)
        self.size = manifest.input.height
        self.manifestURL = manifestURL
    }

    /// Another segmenter of the same model, size and kernels: one for each thread that runs it.
    public func another() throws -> Segmenter { try Segmenter(manifestURL: manifestURL, size: size, kernels: network.kernels) }

    /// The network's input for an upright photo: NHWC floats.
    public func input(_ image: RGBImage) -> [Float] {
        var x = Resampler.resizeToFloats(image, width: size, height: size)
        let brightest = max(x.max() ?? 1, 1)
        for i in 0..<x.count {
            let ch = i % 3
            x[i] = (x[i] / brightest - Self.mean[ch]) / Self.deviation[ch]
        }
        return x
    }

    /// The mask of an upright photo, at its size (or at `width`×`height`: the original's, where the photo was
    /// decoded smaller).
    public func mask(_ image: RGBImage, width: Int? = nil, height: Int? = nil) throws -> GarmentMask {
        try map(image).resized(width: width ?? image.width, height: height ?? image.height)
    }

    /// The mask of an upright photo at the network's `size`×`size`: the form the wardrobe stores (``GarmentMask/stored``),
    /// which ``GarmentMask/resized(width:height:)`` brings to any size.
    public func map(_ image: RGBImage) throws -> GarmentMask {
        guard image.width > 0, image.height > 0 else { throw InferenceError.badInput("an empty photo has no mask") }
        try network.run(input(image))
        guard let map = network.output("mask") else { throw InferenceError.badModel("the segmentation model made no mask") }
        return GarmentMask(map: map, side: size)
    }
}
