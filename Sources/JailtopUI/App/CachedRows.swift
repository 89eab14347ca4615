/// Rows kept with the inputs they were built from: reused while those stay the same, so
/// frames and move keys do not rebuild them (only samples, sorting, filters and tree view do).
public struct CachedRows<Inputs: Equatable & Sendable, Row: Sendable>: Sendable {
    public var inputs: Inputs
    public var rows: [Row]

    /// The rows, if they were built from these inputs.
    func rows(for inputs: Inputs) -> [Row]? { self.inputs == inputs ? rows : nil }
}
