import JailtopModel

/// The exporter's own health, rendered with every page: how many collections ran and failed,
/// how long the last one took, and how often each data source reported a problem.
public struct ExporterHealth: Sendable, Equatable {
    /// Samples taken since the exporter started (successful or not).
    public var collections: Int
    /// Collections that produced no sample at all (the collector threw).
    public var collectionFailures: Int
    /// `SourceIssue`s seen per source, summed over every sample since start.
    public var sourceErrors: [SourceIssue.Source: Int]
    /// Seconds the last collection took (the collector's `collect()`), if one ran.
    public var lastCollectionDurationSeconds: Double?
    /// Wall-clock time (seconds since the epoch) when the last collection finished.
    public var lastCollectionTimestamp: Double?
    /// Whether the last collection produced a sample.
    public var lastCollectionSucceeded: Bool
    /// The version reported in `jailtop_build_info`.
    public var version: String

    public init(
        collections: Int = 0, collectionFailures: Int = 0, sourceErrors: [SourceIssue.Source: Int] = [:],
        lastCollectionDurationSeconds: Double? = nil, lastCollectionTimestamp: Double? = nil,
        lastCollectionSucceeded: Bool = false, version: String = ExporterHealth.defaultVersion
    ) {
        self.collections = collections
        self.collectionFailures = collectionFailures
        self.sourceErrors = sourceErrors
        self.lastCollectionDurationSeconds = lastCollectionDurationSeconds
        self.lastCollectionTimestamp = lastCollectionTimestamp
        self.lastCollectionSucceeded = lastCollectionSucceeded
        self.version = version
    }

    /// jailtop's version (kept equal to `Jailtop.configuration.version`).
    public static let defaultVersion = "0.1.0"
}
