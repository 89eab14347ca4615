import JailtopModel

/// How many jails of a sample are in each state, counted in one pass.
public struct JailStateCounts: Sendable, Equatable {
    public private(set) var running = 0
    public private(set) var dying = 0
    public private(set) var stopped = 0
    public private(set) var unknown = 0

    public init() {}

    public init(_ jails: [Jail]) {
        // Field access by index: no copy (and no retain) of each jail's strings and rules.
        for i in jails.indices {
            switch jails[i].state {
            case .running: running += 1
            case .dying: dying += 1
            case .stopped: stopped += 1
            case .unknown: unknown += 1
            }
        }
    }

    public subscript(state: JailState) -> Int {
        switch state {
        case .running: running
        case .dying: dying
        case .stopped: stopped
        case .unknown: unknown
        }
    }
}
