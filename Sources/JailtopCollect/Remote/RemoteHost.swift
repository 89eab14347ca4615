import JailtopModel

/// A host given with `--host [USER@]HOST` or a line of `--hosts FILE`: the argument ssh gets
/// as its destination, exactly as typed, so the admin's ssh_config aliases apply. Checked so it
/// can never be read as an ssh option or carry anything but a destination.
public struct RemoteHost: Sendable, Hashable, CustomStringConvertible {
    /// The destination as given (`admin@h1`, `h1.example.org`, an ssh_config alias).
    public let destination: String

    public init(_ text: String) throws(RemoteHostError) {
        guard !text.isEmpty else { throw RemoteHostError("an empty host name") }
        guard text.first != "-" else { throw RemoteHostError("\"\(text)\" would be read by ssh as an option") }
        guard text.utf8.count <= 255 else { throw RemoteHostError("a host name of more than 255 bytes") }
        // Letters, digits and the punctuation of user names, host names and IPv6 addresses.
        let allowed = text.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "._-@:%[]".unicodeScalars.contains(c))
        }
        guard allowed else { throw RemoteHostError("\"\(SanitizedText.clean(text))\" is not [USER@]HOST") }
        guard text.filter({ $0 == "@" }).count <= 1, text.last != "@" else { throw RemoteHostError("\"\(text)\" is not [USER@]HOST") }
        destination = text
    }

    public var description: String { destination }

    /// The hosts of a `--hosts` file: one per line; blank lines, and text from `#` on, are
    /// skipped. A bad line is an error naming it (`FILE:LINE: …`); repeated hosts count once.
    public static func list(fromFile path: String, contents: String) throws(RemoteHostError) -> [RemoteHost] {
        var hosts: [RemoteHost] = []
        for (index, raw) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.prefix { $0 != "#" }.trimmingASCIIWhitespace()
            guard !line.isEmpty else { continue }
            do throws(RemoteHostError) {
                let host = try RemoteHost(String(line))
                if !hosts.contains(host) { hosts.append(host) }
            } catch {
                throw RemoteHostError("\(path):\(index + 1): \(error.description)")
            }
        }
        return hosts
    }
}

/// Why a host argument was refused.
public struct RemoteHostError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
