/// One JSON value as a libxo-based base tool (jls, netstat) printed it, read by `LibxoJSONReader`.
/// Not `indirect`: arrays and objects already keep their members on the heap, and boxing every
/// scalar (80 000 of them in jls on 1000 jails) cost an allocation each.
/// Numbers keep their text so counters up to 2^63 and string-typed numbers are read exactly.
enum LibxoJSONValue: Sendable, Equatable {
    /// An object; when a key repeats (netstat -d writes `dropped-packets` twice) the last one wins.
    case object(LibxoJSONObject)
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

    var objectValue: LibxoJSONObject? {
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

/// An object's members in the order printed. A lookup scans them: the objects of jls and
/// netstat have at most about 60 members, which one dictionary per jail (1000 a refresh) would
/// hash all of, while a lookup asks for a few; the reader's keys are interned, so equal keys
/// mostly share storage. When a key repeats, the last one wins, for lookups and iteration.
struct LibxoJSONObject: Sendable, Equatable, Sequence {
    private(set) var members: [(key: String, value: LibxoJSONValue)]

    init(_ members: [(key: String, value: LibxoJSONValue)] = []) {
        self.members = members
    }

    var count: Int { members.count }

    subscript(key: String) -> LibxoJSONValue? {
        members.last(where: { $0.key == key })?.value
    }

    /// Members in order; a repeated key comes each time, so a consumer that assigns by key
    /// (as into a dictionary) keeps the last.
    func makeIterator() -> IndexingIterator<[(key: String, value: LibxoJSONValue)]> {
        members.makeIterator()
    }

    static func == (lhs: LibxoJSONObject, rhs: LibxoJSONObject) -> Bool {
        func keyed(_ object: LibxoJSONObject) -> [String: LibxoJSONValue] {
            Dictionary(object.members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        return keyed(lhs) == keyed(rhs)
    }
}
