import Foundation

/// Just enough of POSIX ustar for closet's one-file backups: regular files with names under 100 bytes,
/// written and read in a stream (a backup of 10 GB of photos never sits in memory). Any `tar` lists and
/// extracts what this writes. The reader trusts nothing: each header's checksum, size and type is
/// checked, and a file that ends early is reported as truncated.
enum Tar {
    static let block = 512

    struct Writer {
        let handle: FileHandle
        /// The file written, as messages name it.
        let name: String
        private(set) var written = 0

        init(handle: FileHandle, name: String) {
            self.handle = handle
            self.name = name
        }

        /// Adds a file whose bytes are `data`.
        mutating func add(_ name: String, data: Data, modified: Date = Date()) throws {
            try header(name, size: data.count, modified: modified)
            try write(data)
            try pad(data.count)
        }

        /// Adds a file copied from `source` in 1 MB chunks; `size` must be its length (checked).
        mutating func add(_ name: String, copying source: URL, size: Int, modified: Date = Date()) throws {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            try header(name, size: size, modified: modified)
            var copied = 0
            while copied < size {
                let chunk = try input.read(upToCount: min(1 << 20, size - copied)) ?? Data()
                guard !chunk.isEmpty else { throw ClosetError.io("\(source.path) became shorter while it was copied") }
                try write(chunk)
                copied += chunk.count
            }
            try pad(size)
        }

        /// The end-of-archive marker: two zero blocks.
        mutating func finish() throws { try write(Data(count: 2 * Tar.block)) }

        private mutating func header(_ name: String, size: Int, modified: Date) throws {
            try write(Tar.header(name: name, size: size, modified: modified))
        }

        private mutating func pad(_ size: Int) throws {
            let rest = (Tar.block - size % Tar.block) % Tar.block
            if rest > 0 { try write(Data(count: rest)) }
        }

        private mutating func write(_ data: Data) throws {
            do { try handle.write(contentsOf: data) } catch {
                throw ClosetError.io("cannot write \(name): \(error.localizedDescription)")
            }
            written += data.count
        }
    }

    static func header(name: String, size: Int, modified: Date) -> Data {
        var h = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int) { for (i, b) in text.utf8.enumerated() { h[offset + i] = b } }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1), at: offset)
        }
        put(name, at: 0)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(max(0, Int(modified.timeIntervalSince1970)), at: 136, width: 12)
        put("        ", at: 148)
        h[156] = UInt8(ascii: "0")
        put("ustar\u{0}00", at: 257)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(String(sum, radix: 8)).leftPadded(to: 6), at: 148)
        h[154] = 0
        h[155] = UInt8(ascii: " ")
        return Data(h)
    }

    /// One file of the archive, as its header gives it.
    struct Entry: Equatable {
        var name: String
        var size: Int
    }

    struct Reader {
        let handle: FileHandle
        let path: String
        /// The body of the current entry not yet read, and its padding.
        private var remaining = 0, padding = 0

        init(handle: FileHandle, path: String) { self.handle = handle; self.path = path }

        /// The next file's header, or nil at the end-of-archive marker. Skips what is left of the entry before.
        mutating func next() throws -> Entry? {
            try skip(remaining + padding)
            remaining = 0; padding = 0
            let h = try exactly(Tar.block)
            if h.allSatisfy({ $0 == 0 }) {
                _ = try exactly(Tar.block)  // the second zero block: its absence means a cut file
                return nil
            }
            let bytes = [UInt8](h)
            var sum = 0
            for (i, b) in bytes.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(b) }
            guard let stored = Self.octal(bytes[148..<156]), stored == sum else {
                throw ClosetError.badData("\(path) is damaged: a header's checksum is wrong")
            }
            guard bytes[156] == UInt8(ascii: "0") || bytes[156] == 0 else {
                throw ClosetError.badData("\(path) holds something other than plain files: it is not a closet backup")
            }
            guard let size = Self.octal(bytes[124..<136]) else { throw ClosetError.badData("\(path) is damaged: a size is not a number") }
            let nameBytes = bytes[0..<100].prefix { $0 != 0 }
            guard bytes[345] == 0, let name = String(bytes: nameBytes, encoding: .utf8) else {
                throw ClosetError.badData("\(path) holds a file name closet does not write: it is not a closet backup")
            }
            remaining = size
            padding = (Tar.block - size % Tar.block) % Tar.block
            return Entry(name: name, size: size)
        }

        /// Reads the current entry's body in chunks of at most 1 MB.
        mutating func read(_ body: (Data) throws -> Void) throws {
            while remaining > 0 {
                let chunk = try exactly(min(1 << 20, remaining))
                remaining -= chunk.count
                try body(chunk)
            }
        }

        private func exactly(_ count: Int) throws -> Data {
            let data: Data
            do { data = try handle.read(upToCount: count) ?? Data() } catch {
                throw ClosetError.io("cannot read \(path): \(error.localizedDescription)")
            }
            guard data.count == count else { throw ClosetError.badData("\(path) ends early: the backup is truncated") }
            return data
        }

        /// Reads past `count` bytes, 1 MB at a time.
        private func skip(_ count: Int) throws {
            var left = count
            while left > 0 {
                let chunk = try exactly(min(1 << 20, left))
                left -= chunk.count
            }
        }

        static func octal(_ field: ArraySlice<UInt8>) -> Int? {
            let digits = field.drop { $0 == 0x20 || $0 == 0 }.prefix { $0 != 0 && $0 != 0x20 }
            guard !digits.isEmpty, digits.count <= 11, digits.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
            return digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
