/// One JSON value as a libxo-based base tool (jls, netstat) printed it, read by `LibxoJSONReader`.
/// Numbers keep their text so counters up to 2^63 and string-typed numbers are read exactly.
indirect enum LibxoJSONValue: Sendable, Equatable {
    /// An object; when a key repeats (netstat -d writes `dropped-packets` twice) the last one wins.
    case object([String: LibxoJSONValue])
    case array([LibxoJSONValue])
    case string(String)
    /// The number's text exactly as printed, e.g. `"1500"` or `"-1"`.
    case number(String)
    case bool(Bool)
    case null

    subscript(key: String) -> LibxoJSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var objectValue: [String: LibxoJSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var arrayValue: [LibxoJSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A short name of the value's kind for error messages ("a string", "an array", …).
    var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
