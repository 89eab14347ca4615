/// A data source that failed while a sample was taken, and why, in words the UI can show.
/// The rest of the sample is still good: a failing source blanks only its own part.
public struct SourceIssue: Codable, Sendable, Equatable {
    /// The parts of a sample that come from separate tools and so fail separately.
    public enum Source: String, Codable, Sendable, CaseIterable, StrictStringEnum {
        case jails, processes, config, usage, rules, host, network
    }

    public var source: Source
    public var message: String

    public init(source: Source, message: String) {
        self.source = source
        self.message = message
    }
}
