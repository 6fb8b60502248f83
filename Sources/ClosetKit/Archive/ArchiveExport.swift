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

    /// Everything is read in one read transaction, so the document is one consistent moment of the wardrobe
    /// even while another closet writes.
    private func writeJSON(_ out: inout JSONOutput) throws {
        try read { db in
            out.w.beginObject()
            out.w.key("format"); out.w.string("closet-wardrobe")
            out.w.key("items"); out.w.beginArray()
            try writeItems(db, &out)
            out.w.endArray()
            out.w.key("outfits"); out.w.beginArray()
            var members: [Int64: [Int64]] = [:]
            let memberRows = try Row.fetchCursor(db, sql: "SELECT outfit_id, item_id FROM outfit_items ORDER BY outfit_id, position")
            while let row = try memberRows.next() { members[row["outfit_id"], default: []].append(row["item_id"]) }
            let outfits = try Row.fetchCursor(db, sql: "SELECT id, name, created FROM outfits ORDER BY id")
            while let row = try outfits.next() {
                let id: Int64 = row["id"]
                out.w.beginObject()
                out.w.key("created"); out.w.string(Day.timestamp(row["created"]))
                out.w.key("id"); out.w.integer(id)
                out.w.key("items"); out.w.integers(members[id] ?? [])
                out.w.key("name"); out.w.string(row["name"])
                out.w.endObject()
                try out.flushIfFull()
            }
            out.w.endArray()
            out.w.key("photos"); out.w.beginArray()
            let photos = try StoredPhoto.order(Column("hash")).fetchCursor(db)
            while let p = try photos.next() {
                out.w.beginObject()
                out.w.key("bytes"); out.w.integer(Int64(p.bytes))
                out.w.key("created"); out.w.string(Day.timestamp(p.created))
                if let embedding = p.embedding {
                    out.w.key("embedding"); out.w.string(embedding.base64EncodedString())
                    if let model = p.embeddingModel { out.w.key("embeddingModel"); out.w.string(model) }
                }
                out.w.key("ext"); out.w.string(p.ext)
                out.w.key("hash"); out.w.string(p.hash)
                out.w.key("height"); out.w.integer(Int64(p.height))
                if let mask = p.mask {
                    out.w.key("mask"); out.w.string(mask.png.base64EncodedString())
                    if let model = mask.model { out.w.key("maskModel"); out.w.string(model) }
                    out.w.key("maskState"); out.w.string(mask.state.rawValue)
                }
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
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM settings ORDER BY key") {
                out.w.key(row["key"]); out.w.string(row["value"])
            }
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
            out.w.endObject()
            out.w.newline()
        }
        try out.flush()
    }

    /// The items in the order `summaries` lists them (the taxonomy's category order, then id), read 500 at a
    /// time: memory holds a page of items, not all of them.
    private func writeItems(_ db: Database, _ out: inout JSONOutput) throws {
        let order = Dictionary(uniqueKeysWithValues: taxonomy.categories.enumerated().map { ($1.id, $0) })
        var keys: [(order: Int, id: Int64)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, category FROM items")
        while let row = try rows.next() { keys.append((order[row["category"] as CategoryID] ?? Int.max, row["id"])) }
        keys.sort { $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id }
        let wears = try Self.wearStats(db)
        for start in stride(from: 0, to: keys.count, by: 500) {
            let ids = keys[start..<min(start + 500, keys.count)].map(\.id)
            let page = Dictionary(uniqueKeysWithValues: try Item.fetchAll(db, keys: ids).map { ($0.id, $0) })
            for id in ids {
                guard let item = page[id] else { continue }
                ItemJSON(Self.summary(item, wears), taxonomy: taxonomy).write(to: &out.w)
            }
            try out.flushIfFull()
        }
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
