import JailtopModel

/// One program run: absolute path and argv. Never a shell command line.
public struct ToolCommand: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var arguments: [String]

    public init(_ path: String, _ arguments: [String]) {
        self.path = path
        self.arguments = arguments
    }

    /// The command as an admin would type it, each word quoted when needed (for dialogs and logs).
    public var description: String {
        ([path] + arguments).map(Self.quote).joined(separator: " ")
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
