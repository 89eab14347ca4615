extension JailState {
    /// How alive a jail in this state is: running > dying > stopped > unknown. Sorting by
    /// state and picking a name's most alive instance both use it.
    public var liveness: Int {
        switch self {
        case .running: 3
        case .dying: 2
        case .stopped: 1
        case .unknown: 0
        }
    }
}
