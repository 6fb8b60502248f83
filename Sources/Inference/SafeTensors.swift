import Foundation

/// Reads and writes safetensors, the format of Python's `safetensors` package: an 8-byte little-endian
/// header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw data.
/// Files are memory-mapped; F32, F16 and BF16 tensors are read as Float, I8 and I32 (an int8 model's weights and
/// biases) as integers.
public struct SafeTensors {
    public struct Entry: Sendable {
        public let dtype: String
        public let shape: [Int]
        let begin: Int
        let end: Int
    }

    public let entries: [String: Entry]
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw InferenceError.badModel("cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(data: data)
    }

    public init(data: Data) throws {
        guard data.count >= 8 else { throw InferenceError.badModel("safetensors file shorter than its header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8), headerLength < 100_000_000 else {
            throw InferenceError.badModel("safetensors header length \(headerLength) exceeds the file")
        }
        let headerEnd = 8 + Int(headerLength)
        guard let json = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd)) as? [String: Any] else {
            throw InferenceError.badModel("safetensors header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        let payload = data.count - headerEnd
        for (name, value) in json {
            if name == "__metadata__" { metadata = value as? [String: String] ?? [:]; continue }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw InferenceError.badModel("safetensors entry \(name) is malformed") }
            let width = try Self.width(dtype)
            let count = shape.reduce(1, *)
            guard offsets[0] >= 0, offsets[1] <= payload, offsets[1] - offsets[0] == count * width, shape.allSatisfy({ $0 >= 0 }) else {
                throw InferenceError.badModel("safetensors entry \(name) has a byte range that does not fit its shape")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, begin: headerEnd + offsets[0], end: headerEnd + offsets[1])
        }
        self.entries = entries
        self.metadata = metadata
        self.data = data
        self.dataStart = headerEnd
    }

    static func width(_ dtype: String) throws -> Int {
        switch dtype {
        case "F32": 4
        case "F16", "BF16": 2
        case "I8": 1
        case "I32": 4
        default: throw InferenceError.badModel("unsupported tensor dtype \(dtype) (F32, F16, BF16, I8 and I32 are read)")
        }
    }

    /// A tensor's values as floats, with its shape.
    public func floats(_ name: String) throws -> (shape: [Int], values: [Float]) {
        guard let e = entries[name] else { throw InferenceError.badModel("missing tensor \(name)") }
        guard ["F32", "F16", "BF16"].contains(e.dtype) else {
            throw InferenceError.badModel("tensor \(name) is \(e.dtype), where floats (F32, F16 or BF16) are needed")
        }
        let count = e.shape.reduce(1, *)
        var out = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + e.begin
            switch e.dtype {
            case "F32":
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case "F16":
                for i in 0..<count {
                    out[i] = Self.halfToFloat(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                }
            default:  // BF16
                for i in 0..<count {
                    out[i] = Float(
                        bitPattern: UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                }
            }
        }
        return (e.shape, out)
    }

    /// An I8 or I32 tensor's values (an int8 node's weights and bias), widened to Int32, with its dtype and shape.
    public func integers(_ name: String) throws -> IntegerTensor {
        guard let e = entries[name] else { throw InferenceError.badModel("missing tensor \(name)") }
        guard e.dtype == "I8" || e.dtype == "I32" else {
            throw InferenceError.badModel("tensor \(name) is \(e.dtype), where integers (I8 or I32) are needed")
        }
        let count = e.shape.reduce(1, *)
        var out = [Int32](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + e.begin
            if e.dtype == "I8" {
                for i in 0..<count { out[i] = Int32(Int8(bitPattern: base.load(fromByteOffset: i, as: UInt8.self))) }
            } else {
                for i in 0..<count {
                    out[i] = Int32(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            }
        }
        return IntegerTensor(dtype: e.dtype, shape: e.shape, values: out)
    }

    /// Writes integer tensors (`I8` values must fit a byte) beside float ones: an int8 model's file.
    public static func write(
        _ tensors: [String: (shape: [Int], values: [Float])], integers: [String: IntegerTensor], metadata: [String: String] = [:],
        to url: URL
    ) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var payload = Data()
        for name in Set(tensors.keys).union(integers.keys).sorted() {
            let begin = payload.count
            if let t = integers[name] {
                guard t.dtype == "I32" || (t.dtype == "I8" && t.values.allSatisfy({ (-128...127).contains($0) })) else {
                    throw InferenceError.badModel("tensor \(name): \(t.dtype) is not I8 or I32, or a value does not fit it")
                }
                for v in t.values {
                    if t.dtype == "I8" {
                        payload.append(UInt8(bitPattern: Int8(v)))
                    } else {
                        withUnsafeBytes(of: v.littleEndian) { payload.append(contentsOf: $0) }
                    }
                }
                header[name] = ["dtype": t.dtype, "shape": t.shape, "data_offsets": [begin, payload.count]]
            } else if let t = tensors[name] {
                t.values.withUnsafeBufferPointer { payload.append(Data(buffer: $0)) }
                header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [begin, payload.count]]
            }
        }
        try writeFile(header: header, payload: payload, to: url)
    }

    /// IEEE 754 binary16 to binary32, subnormals, infinities and NaN included.
    public static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            return (sign != 0 ? -1 : 1) * Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
    }

    /// binary32 to binary16, rounding to nearest even.
    public static func floatToHalf(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        var mantissa = bits & 0x7F_FFFF
        if (bits >> 23) & 0xFF == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        if exponent >= 31 { return sign | 0x7C00 }
        if exponent <= 0 {
            if exponent < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - exponent)
            var half = mantissa >> shift
            let rest = mantissa & ((1 << shift) - 1), halfway = UInt32(1) << (shift - 1)
            if rest > halfway || (rest == halfway && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(exponent) << 10 | mantissa >> 13
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }

    /// Writes tensors as a safetensors file (F32, or F16 when `half`), names sorted.
    public static func write(
        _ tensors: [String: (shape: [Int], values: [Float])], metadata: [String: String] = [:],
        half: Bool = false, to url: URL
    ) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var payload = Data()
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let begin = payload.count
            if half {
                for v in t.values { let h = floatToHalf(v); payload.append(UInt8(h & 0xFF)); payload.append(UInt8(h >> 8)) }
            } else {
                t.values.withUnsafeBufferPointer { payload.append(Data(buffer: $0)) }
            }
            header[name] = ["dtype": half ? "F16" : "F32", "shape": t.shape, "data_offsets": [begin, payload.count]]
        }
        try writeFile(header: header, payload: payload, to: url)
    }

    /// The file: the header's length, the header (JSON, padded with spaces to 8 bytes), then the tensors' bytes.
    private static func writeFile(header: [String: Any], payload: Data, to url: URL) throws {
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var out = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(payload)
        try out.write(to: url)
    }
}
