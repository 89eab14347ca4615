/// A data source that failed, wholly or in part, while a sample was taken, and why, in words
/// the UI can show. The rest of the sample is still good: a failing source blanks only its own
/// part, and a source that had unreadable rows loses only those rows.
public struct SourceIssue: Codable, Sendable, Equatable {
    /// The parts of a sample that come from separate tools and so fail separately.
    public enum Source: String, Codable, Sendable, CaseIterable, StrictStringEnum {
        case jails, processes, config, usage, rules, host, network
        /// Jail managers' own files (Bastille, iocage, …): their stopped jails and what they keep.
        case managers
    }

    public var source: Source
    public var message: String
    /// Rows the source's parser had to skip while keeping the others; nil when the source
    /// failed as a whole (its part of the sample is empty).
    public var skippedRows: Int?

    public init(source: Source, message: String, skippedRows: Int? = nil) {
        self.source = source
        self.message = message
        self.skippedRows = skippedRows
    }

    /// Whether the source's data is in the sample, short of some rows.
    public var isPartial: Bool { skippedRows != nil }

    enum CodingKeys: String, CodingKey {
        case source, message
        case skippedRows = "skipped_rows"
    }
}
