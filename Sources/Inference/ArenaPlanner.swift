/// Lays out every activation of a network in one arena at load time, reusing the
/// space of tensors no later operator reads, so that an inference allocates nothing.
struct ArenaPlanner {
    private var live: [(offset: Int, size: Int, name: String)] = []
    private(set) var size = 0
    private(set) var offsets: [String: Int] = [:]

    /// Places `name` (`count` floats) at the lowest offset that fits between live buffers, 16-float aligned.
    mutating func allocate(_ name: String, count: Int) -> Int {
        let need = (count + 15) / 16 * 16
        var candidate = 0
        for block in live.sorted(by: { $0.offset < $1.offset }) {
            if candidate + need <= block.offset { break }
            candidate = max(candidate, block.offset + block.size)
        }
        live.append((candidate, need, name))
        size = max(size, candidate + need)
        offsets[name] = candidate
        return candidate
    }

    mutating func release(_ name: String) { live.removeAll { $0.name == name } }
}
