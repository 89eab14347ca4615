import NIOCore

/// One rendered `/metrics` response, kept in memory between samples and shared by every
/// scrape (a `ByteBuffer` is copy-on-write, so 50 scrapes send the same bytes without copying).
public struct MetricsPage: Sendable {
    /// The exposition text, UTF-8.
    public var body: ByteBuffer
    /// Counts pages made since start: 1 for the first sample.
    public var generation: Int

    public init(text: String, generation: Int) {
        self.body = ByteBuffer(string: text)
        self.generation = generation
    }

    public init(body: ByteBuffer, generation: Int) {
        self.body = body
        self.generation = generation
    }

    /// The body as text (for tests and the textfile writer's callers).
    public var text: String { String(buffer: body) }

    /// The content type of the Prometheus text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
