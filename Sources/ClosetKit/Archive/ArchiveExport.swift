import Foundation
import GRDB

extension Wardrobe {
    /// Writes the whole wardrobe as one JSON document (``WardrobeArchive``'s shape, keys sorted, compact:
    /// no indentation) to `sink` in pieces of about 256 KB. Photos, plans and wears are read with cursors
    /// and written as they are read, so memory stays flat however long the wear log. Returns the bytes written.
    @discardableResult
    public func exportJSON(to sink: (Data) throws -> Void) throws -> Int {
        try withoutActuallyEscaping(sink) { sink in
            var out = JSONOutput(sink: sink)
            try writeJSON(&out)
            return out.written
        }
    }

    private func writeJSON(_ out: inout JSONOutput) throws {
        let items = try summaries(ItemFilter(status: nil))
        let outfits = try outfits()
        let settings = try allSettings().sorted { $0.key < $1.key }
        out.w.beginObject()
        out.w.key("format"); out.w.string("closet-wardrobe")
        out.w.key("items"); out.w.beginArray()
        for summary in items {
            ItemJSON(summary, taxonomy: taxonomy).write(to: &out.w)
            try out.flushIfFull()
        }
        out.w.endArray()
        out.w.key("outfits"); out.w.beginArray()
        for o in outfits {
            out.w.beginObject()
            out.w.key("created"); out.w.string(Timestamp.string(o.created))
            out.w.key("id"); out.w.integer(o.id ?? 0)
            out.w.key("items"); out.w.integers(o.itemIDs)
            out.w.key("name"); out.w.string(o.name)
            out.w.endObject()
            try out.flushIfFull()
        }
        out.w.endArray()
        try read { db in
            out.w.key("photos"); out.w.beginArray()
            let photos = try StoredPhoto.order(Column("hash")).fetchCursor(db)
            while let p = try photos.next() {
                out.w.beginObject()
                out.w.key("bytes"); out.w.integer(Int64(p.bytes))
                out.w.key("created"); out.w.string(Timestamp.string(p.created))
                if let embedding = p.embedding {
                    out.w.key("embedding"); out.w.string(embedding.base64EncodedString())
                    if let model = p.embeddingModel { out.w.key("embeddingModel"); out.w.string(model) }
                }
                out.w.key("ext"); out.w.string(p.ext)
                out.w.key("hash"); out.w.string(p.hash)
                out.w.key("height"); out.w.integer(Int64(p.height))
                if let h = p.thumbHeight { out.w.key("thumbHeight"); out.w.integer(Int64(h)) }
                if let w = p.thumbWidth { out.w.key("thumbWidth"); out.w.integer(Int64(w)) }
                if let t = p.thumbnail { out.w.key("thumbnail"); out.w.string(t.base64EncodedString()) }
                out.w.key("width"); out.w.integer(Int64(p.width))
                out.w.endObject()
                try out.flushIfFull()
            }
            out.w.endArray()
            // Plans only when there are any, as before plans existed.
            let plans = try Row.fetchCursor(db, sql: "SELECT day, item_id FROM plans ORDER BY day, position")
            var day: String?, planned: [Int64] = []
            func endPlan() {
                guard let day else { return }
                out.w.beginObject()
                out.w.key("day"); out.w.string(day)
                out.w.key("items"); out.w.integers(planned)
                out.w.endObject()
            }
            while let row = try plans.next() {
                let next: String = row["day"]
                if next != day {
                    if day == nil { out.w.key("plans"); out.w.beginArray() } else { endPlan() }
                    day = next
                    planned = []
                    try out.flushIfFull()
                }
                planned.append(row["item_id"])
            }
            if day != nil { endPlan(); out.w.endArray() }
            out.w.key("settings"); out.w.beginObject()
            for (key, value) in settings { out.w.key(key); out.w.string(value) }
            out.w.endObject()
            out.w.key("version"); out.w.integer(1)
            out.w.key("wears"); out.w.beginArray()
            let wears = try Row.fetchCursor(db, sql: "SELECT item_id, outfit_id, day FROM wears ORDER BY day, id")
            while let row = try wears.next() {
                out.w.beginObject()
                out.w.key("day"); out.w.string(row["day"])
                if let item: Int64 = row["item_id"] { out.w.key("item"); out.w.integer(item) }
                if let outfit: Int64 = row["outfit_id"] { out.w.key("outfit"); out.w.integer(outfit) }
                out.w.endObject()
                try out.flushIfFull()
            }
            out.w.endArray()
        }
        out.w.endObject()
        out.w.newline()
        try out.flush()
    }

    /// The JSON export written to `handle` (a file, or standard output).
    @discardableResult
    public func exportJSON(to handle: FileHandle, name: String) throws -> Int {
        try exportJSON { data in
            do { try handle.write(contentsOf: data) } catch {
                throw ClosetError.io("cannot write \(name): \(error.localizedDescription)")
            }
        }
    }

    /// The JSON export in memory.
    public func exportJSON() throws -> Data {
        var data = Data()
        try exportJSON { data.append($0) }
        return data
    }
}

/// A ``JSONWriter`` whose bytes go to a sink whenever they pass 256 KB.
private struct JSONOutput {
    var w = JSONWriter(capacity: 300 << 10)
    let sink: (Data) throws -> Void
    var written = 0

    mutating func flushIfFull() throws { if w.bytes.count >= 256 << 10 { try flush() } }

    mutating func flush() throws {
        let bytes = w.drain()
        written += bytes.count
        if !bytes.isEmpty { try sink(Data(bytes)) }
    }
}
