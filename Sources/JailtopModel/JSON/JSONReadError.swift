/// Why a JSON line could not be read into the model, with the path of the field at fault
/// (`jails[3].state`), in the words `DecodingErrorDescription` used for JSONDecoder's errors.
public struct JSONReadError: Error, Equatable, CustomStringConvertible {
    /// What kind of fault it is.
    public enum Kind: Sendable, Equatable {
        /// The text is not JSON (a cut-off line ends in one of these): bad syntax, invalid
        /// UTF-8, a raw control byte in a string, an unpaired surrogate.
        case notJSON
        /// Well-formed JSON that does not fit schema 1: a missing key, a wrong type, an
        /// unknown enum value, a number out of range.
        case schema
    }

    public var kind: Kind
    /// From the outermost field in: `jails`, `[3]`, `state`.
    public var path: [String]
    public var message: String

    public init(kind: Kind, path: [String] = [], message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    static func notJSON(_ message: String, at offset: Int) -> JSONReadError {
        JSONReadError(kind: .notJSON, message: "not valid JSON (\(message) at byte \(offset))")
    }

    static func schema(_ message: String) -> JSONReadError {
        JSONReadError(kind: .schema, message: message)
    }

    /// The same error one level further out: in member `key`.
    func inside(_ key: String) -> JSONReadError {
        var copy = self
        copy.path.insert(key, at: 0)
        return copy
    }

    /// The same error in element `index` of an array.
    func inside(index: Int) -> JSONReadError { inside("[\(index)]") }

    public var isNotJSON: Bool { kind == .notJSON }

    /// `jails[3].racct.memoryuse`; empty for the document itself.
    public var field: String { JSONSyntax.dotted(path) }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
