/// Counters of one network interface inside a VNET jail (cumulative since the interface appeared).
public struct NetInterface: Codable, Sendable, Equatable {
    public var name: String
    public var rxBytes: Int
    public var txBytes: Int
    public var rxPackets: Int
    public var txPackets: Int

    public init(name: String, rxBytes: Int, txBytes: Int, rxPackets: Int, txPackets: Int) {
        self.name = name
        self.rxBytes = rxBytes
        self.txBytes = txBytes
        self.rxPackets = rxPackets
        self.txPackets = txPackets
    }

    enum CodingKeys: String, CodingKey {
        case name
        case rxBytes = "rx_bytes"
        case txBytes = "tx_bytes"
        case rxPackets = "rx_packets"
        case txPackets = "tx_packets"
    }
}
