import JailtopModel

/// One program run: absolute path and argv, and what it reads on stdin. Never a shell command line.
public struct ToolCommand: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var arguments: [String]
    /// The text given on stdin (`tee -a /etc/rctl.conf` appends it); nil: /dev/null.
    public var input: String?

    public init(_ path: String, _ arguments: [String], input: String? = nil) {
        self.path = path
        self.arguments = arguments
        self.input = input
    }

    /// The command as an admin would type it, each word quoted when needed (for dialogs and
    /// logs); its input as `echo TEXT | …`, as sh would give it.
    public var description: String {
        let words = ([path] + arguments).map(Self.quote).joined(separator: " ")
        guard let input else { return words }
        return "echo " + Self.quote(input.hasSuffix("\n") ? String(input.dropLast()) : input) + " | " + words
    }

    static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@%+".contains($0) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }
}

/// Why an action cannot be turned into commands.
public struct ActionError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
