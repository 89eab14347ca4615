import JailtopModel

/// Per-sample lookups computed once when a sample arrives, so drawing a frame never walks
/// all 50 000 processes or 1000 jails: the processes grouped by JID (also used for the
/// sample's rates) and how many jails are in each state (the header's counts).
public struct DerivedData: Sendable {
    public var processesByJID: ProcessIndex
    public var jailStates: JailStateCounts
    public static let empty = DerivedData(processesByJID: .empty, jailStates: JailStateCounts())

    public init(processesByJID: ProcessIndex, jailStates: JailStateCounts) {
        self.processesByJID = processesByJID
        self.jailStates = jailStates
    }

    public init(snapshot: Snapshot) {
        processesByJID = ProcessIndex(snapshot.processes)
        jailStates = JailStateCounts(snapshot.jails)
    }
}
