/// Output of a base tool that could not be understood: which tool, where, and what was expected.
public struct ToolOutputError: Error, Equatable, CustomStringConvertible {
    /// The base tool whose output this is: "ps", "jls", "rctl", "sysctl", "netstat".
    public var tool: String
    /// 1-based line of the output, when it applies.
    public var line: Int?
    /// What was wrong, e.g. `field %cpu: expected a number, got "abc"`.
    public var message: String

    public var description: String { line.map { "\(tool): line \($0): \(message)" } ?? "\(tool): \(message)" }

    public init(tool: String, line: Int? = nil, message: String) {
        self.tool = tool
        self.line = line
        self.message = message
    }
}

extension ToolOutputError {
    /// Quotes untrusted output for an error message: at most `limit` characters, invalid UTF-8
    /// replaced, `"` and `\` escaped, so a hostile process name cannot make the message huge or
    /// ambiguous. (Control characters stay; messages are sanitized when drawn, like all text.)
    static func quote<C: Collection>(_ bytes: C, limit: Int = 40) -> String where C.Element == UInt8 {
        let text = String(decoding: bytes, as: UTF8.self)
        let shown = text.count <= limit ? Substring(text) : text.prefix(limit)
        var escaped = ""
        for character in shown {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"" + escaped + (text.count <= limit ? "\"" : "…\"")
    }

    /// Quotes a string for an error message, shortened like `quote(_:limit:)`.
    static func quote(_ text: String, limit: Int = 40) -> String {
        quote(Array(text.utf8), limit: limit)
    }
}
