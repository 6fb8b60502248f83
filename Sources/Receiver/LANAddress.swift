import Foundation

/// The machine's address on the local network: the IPv4 address of the interface the default route leaves by
/// (`/proc/net/route`'s line for destination 0.0.0.0, then that interface's address from getifaddrs).
public enum LANAddress {
    /// The default route's interface name, from the text of `/proc/net/route`; nil when there is no default route.
    public static func defaultInterface(routes: String) -> String? {
        var best: (name: String, metric: Int)?
        for line in routes.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, fields[1] == "00000000", fields[7] == "00000000",
                let flags = Int(fields[3], radix: 16), flags & 1 == 1, let metric = Int(fields[6])
            else { continue }
            if best == nil || metric < best!.metric { best = (String(fields[0]), metric) }
        }
        return best?.name
    }

    /// The IPv4 addresses of each interface, from getifaddrs.
    public static func interfaceAddresses() -> [(name: String, address: String)] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0, let first else { return [] }
        defer { freeifaddrs(first) }
        var found: [(String, String)] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var addr = inet.pointee.sin_addr
                _ = inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
            }
            found.append((String(cString: entry.pointee.ifa_name), String(cString: text)))
        }
        return found
    }

    /// The address to serve on by default, or nil when the machine has no default route (no network).
    public static func defaultAddress() -> String? {
        guard let routes = try? String(contentsOfFile: "/proc/net/route", encoding: .utf8), let name = defaultInterface(routes: routes)
        else { return nil }
        return interfaceAddresses().first { $0.name == name }?.address
    }
}
