/// One rendered `/metrics` response, kept in memory between samples and shared by every
/// scrape: the server copies it into one HTTP response per sample, not per scrape.
public struct MetricsPage: Sendable {
    /// The exposition text, UTF-8.
    public let body: [UInt8]
    /// Counts pages made since start: 1 for the first sample.
    public let generation: Int

    public init(text: String, generation: Int) {
        self.body = Array(text.utf8)
        self.generation = generation
    }

    public init(body: [UInt8], generation: Int) {
        self.body = body
        self.generation = generation
    }

    /// The body as text (for tests and the textfile writer's callers).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The content type of the Prometheus text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
