import Foundation

/// The process's resident memory, from /proc (Linux).
enum ResidentMemory {
    /// Peak resident set size (VmHWM), in MB.
    static func peakMB() -> Double { field("VmHWM:") }
    /// Resets the peak (VmHWM) to the current RSS (Linux: writing 5 to /proc/self/clear_refs).
    static func resetPeak() {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    /// Current resident set size (VmRSS), in MB.
    static func currentMB() -> Double { field("VmRSS:") }

    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }
}
