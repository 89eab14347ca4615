/// Parses `--listen` values: `ADDR:PORT`, `[IPV6]:PORT`, or `:PORT` for every address
/// (as node_exporter's `--web.listen-address` does). The default is loopback only.
public enum ListenAddress {
    public static let defaultValue = "127.0.0.1:9452"

    /// The host and port of a listen address.
    /// - Throws: `ListenAddressError` saying what is wrong with it.
    public static func parse(_ text: String) throws(ListenAddressError) -> (host: String, port: Int) {
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw ListenAddressError(text, "missing ']' after an IPv6 address") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ListenAddressError(text, "expected [ADDRESS]:PORT") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ListenAddressError(text, "expected ADDRESS:PORT") }
            let h = text[..<colon]
            guard !h.contains(":") else { throw ListenAddressError(text, "write IPv6 addresses in brackets: [::1]:9452") }
            host = h.isEmpty ? "0.0.0.0" : String(h)
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw ListenAddressError(text, "empty address") }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ListenAddressError(text, "the port must be a number from 0 to 65535")
        }
        return (host, port)
    }
}

/// A `--listen` value that cannot be used.
public struct ListenAddressError: Error, Equatable, CustomStringConvertible {
    public var value: String
    public var reason: String

    public init(_ value: String, _ reason: String) {
        self.value = value
        self.reason = reason
    }

    public var description: String { "--listen '\(value)': \(reason)" }
}
