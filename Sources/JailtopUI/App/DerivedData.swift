import JailtopModel

/// Per-sample lookups computed once when a sample arrives, so drawing a frame never walks
/// all 50 000 processes: the processes grouped by JID (also used for the sample's rates).
public struct DerivedData: Sendable {
    public var processesByJID: ProcessIndex
    public static let empty = DerivedData(processesByJID: .empty)

    public init(processesByJID: ProcessIndex) {
        self.processesByJID = processesByJID
    }

    public init(snapshot: Snapshot) {
        processesByJID = ProcessIndex(snapshot.processes)
    }
}
