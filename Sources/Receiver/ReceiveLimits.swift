import Foundation
import Imaging

/// What one `closet receive` session accepts, so that a client on a shared network cannot fill the disk, the memory
/// or the threads, or hold the server with a request that never ends.
public struct ReceiveLimits: Sendable {
    /// One photo (one multipart part): the importer's own limit, `PhotoLimits.maxFileBytes`.
    public var maxFileBytes = PhotoLimits.maxFileBytes
    /// Every upload of the session added up.
    public var maxSessionBytes: Int64 = 2 * 1024 * 1024 * 1024
    /// One request's body (a form carrying several photos).
    public var maxRequestBytes = 512 * 1024 * 1024
    /// Uploads read and imported at once; another waits for a place (`uploadWait`), then is told to come back.
    public var maxUploadsAtOnce = 4
    public var uploadWait: TimeInterval = 30
    /// Connections open at once; one more is answered 503 and closed.
    public var maxConnections = 32
    /// The request line and headers: their size, and the time they may take in all (a slow-loris client is cut off).
    public var maxHeaderBytes = 16 * 1024
    public var headerTimeout: TimeInterval = 10
    /// A body: the longest silence, and a floor on its rate (the body's deadline is `bodyGrace` plus its length at
    /// `minBodyRate` bytes a second).
    public var bodyIdleTimeout: TimeInterval = 15
    public var bodyGrace: TimeInterval = 30
    public var minBodyRate = 32 * 1024

    public init() {}
}
