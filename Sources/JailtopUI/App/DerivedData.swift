import JailtopModel

/// Per-sample lookups computed once when a sample arrives, so drawing a frame never walks
/// all 50 000 processes or 1000 jails: the processes grouped by JID (also used for the
/// sample's rates), their CPU times in pid order (the next sample's rates start from them) and
/// how many jails are in each state (the header's counts), and which jail managers own jails.
public struct DerivedData: Sendable {
    public var processesByJID: ProcessIndex
    public var processTimes: ProcessTimes
    public var jailStates: JailStateCounts
    /// The managers owning at least one jail, sorted (the MANAGER column shows when any does).
    public var managers: [String]
    public static let empty = DerivedData(processesByJID: .empty, processTimes: .empty, jailStates: JailStateCounts())

    public init(processesByJID: ProcessIndex, processTimes: ProcessTimes, jailStates: JailStateCounts, managers: [String] = []) {
        self.processesByJID = processesByJID
        self.processTimes = processTimes
        self.jailStates = jailStates
        self.managers = managers
    }

    public init(snapshot: Snapshot) {
        // One walk over the process records for both.
        let columns = ProcessColumns(snapshot.processes)
        processesByJID = columns.index
        processTimes = columns.times
        jailStates = JailStateCounts(snapshot.jails)
        var managers = Set<String>()
        for i in snapshot.jails.indices { if let m = snapshot.jails[i].managedBy?.manager { managers.insert(m) } }
        self.managers = managers.sorted()
    }
}
