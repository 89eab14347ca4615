import JailtopModel

/// Per-sample lookups computed once when a sample arrives, so drawing a frame never walks
/// all 50 000 processes: process indices grouped by JID, and children by parent pid.
public struct DerivedData: Sendable {
    /// Indices into `snapshot.processes`, per JID.
    public var processIndicesByJID: [Int: [Int]]
    public static let empty = DerivedData(processIndicesByJID: [:])

    public init(processIndicesByJID: [Int: [Int]]) {
        self.processIndicesByJID = processIndicesByJID
    }

    public init(snapshot: Snapshot) {
        var groups: [Int: [Int]] = [:]
        groups.reserveCapacity(snapshot.jails.count + 1)
        for i in snapshot.processes.indices {
            groups[snapshot.processes[i].jid, default: []].append(i)
        }
        processIndicesByJID = groups
    }
}
