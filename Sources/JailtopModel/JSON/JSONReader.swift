#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pull reader over one JSON document in memory: the model's readers ask for the value they
/// expect next (`string()`, `int()`, the next known key of an object), so a 50 000-process
/// sample becomes `Snapshot` without a DOM, a `Dictionary` per object or a `String` per key.
///
/// It accepts what JSONDecoder accepted (the old path of fixtures): strict JSON, plus a
/// leading byte-order mark and trailing commas; unknown keys are skipped (their values still
/// checked for syntax); a repeated key keeps its first value. Any syntax fault is
/// `JSONReadError.Kind.notJSON`, which is how a line cut off mid-write is recognised.
struct JSONReader {
    /// Deeper nesting than this (only possible inside skipped values) is refused, as
    /// JSONDecoder refused it, rather than risking the stack.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0

    init(bytes raw: UnsafeRawBufferPointer) {
        bytes = raw.assumingMemoryBound(to: UInt8.self)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// Reads a whole document with `body`, which must consume exactly one value.
    /// A schema fault is reported only if the whole text is JSON: as with JSONDecoder, not
    /// being JSON at all (a cut-off line) is the fault that counts.
    static func read<T>(
        _ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws(JSONReadError) -> T
    ) throws(JSONReadError) -> T {
        var reader = JSONReader(bytes: bytes)
        do throws(JSONReadError) {
            let value = try body(&reader)
            reader.skipWhitespace()
            if reader.index < bytes.count { throw reader.syntaxError("unexpected text after the document") }
            return value
        } catch where error.kind == .schema {
            var check = JSONReader(bytes: bytes)
            try check.skipValue()
            check.skipWhitespace()
            if check.index < bytes.count { throw check.syntaxError("unexpected text after the document") }
            throw error
        }
    }

    // MARK: - Objects

    /// Where a reader is inside one object.
    struct ObjectState {
        /// Keys matched so far, by index in the object's key table.
        var seen: UInt64 = 0
        /// The key table index expected next: the writer's sorted order, tried first.
        var expected = 0
        var isFirst = true
    }

    /// Consumes `{`. - Parameter type: the model type, for "expected an object (Jail)".
    mutating func beginObject(_ type: String? = nil) throws(JSONReadError) -> ObjectState {
        try expect(UInt8(ascii: "{"), otherwise: type.map { "an object (\($0))" } ?? "an object")
        try enter()
        return ObjectState()
    }

    /// The next member whose key is in `keys`, positioned at its value; unknown keys and
    /// repeated ones are skipped. Nil at the closing `}`.
    mutating func nextField(_ object: inout ObjectState, _ keys: JSONKeyTable) throws(JSONReadError) -> Int? {
        while try nextMember(&object) {
            let field: Int? =
                switch try readKeyBytes() {
                case .raw(let key): keys.index(of: key, expected: object.expected)
                case .decoded(let key): keys.names.firstIndex(of: key)
                }
            if let field, object.seen & (1 << field) == 0 {
                object.seen |= 1 << field
                object.expected = field + 1
                return field
            }
            try skipValue()
        }
        return nil
    }

    /// The next member's key as text, positioned at its value (for objects whose keys are
    /// data: jail parameters, racct usage); nil at the closing `}`.
    mutating func nextKey(_ object: inout ObjectState) throws(JSONReadError) -> String? {
        guard try nextMember(&object) else { return nil }
        return try readKeyString()
    }

    /// Past the comma between members (a trailing one is allowed); false at `}`.
    private mutating func nextMember(_ object: inout ObjectState) throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw syntaxError("unexpected end inside an object") }
        if !object.isFirst, bytes[index] != UInt8(ascii: "}") {
            guard bytes[index] == UInt8(ascii: ",") else { throw syntaxError("expected ',' or '}' in an object") }
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw syntaxError("unexpected end inside an object") }
        }
        object.isFirst = false
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return false
        }
        guard bytes[index] == UInt8(ascii: "\"") else { throw syntaxError("expected a key in quotes") }
        return true
    }

    // MARK: - Arrays

    /// Where a reader is inside one array.
    struct ArrayState {
        /// Elements started so far; the current element's index is `count - 1`.
        var count = 0
    }

    mutating func beginArray() throws(JSONReadError) -> ArrayState {
        try expect(UInt8(ascii: "["), otherwise: "a list")
        try enter()
        return ArrayState()
    }

    /// Positioned at the next element (past a comma; a trailing one is allowed); false at `]`.
    mutating func nextElement(_ array: inout ArrayState) throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw syntaxError("unexpected end inside a list") }
        if array.count > 0, bytes[index] != UInt8(ascii: "]") {
            guard bytes[index] == UInt8(ascii: ",") else { throw syntaxError("expected ',' or ']' in a list") }
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw syntaxError("unexpected end inside a list") }
        }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        array.count += 1
        return true
    }

    // MARK: - Helpers

    mutating func enter() throws(JSONReadError) {
        depth += 1
        if depth > Self.maximumDepth { throw syntaxError("nesting deeper than \(Self.maximumDepth) levels") }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace), else fails with "expected <what>".
    mutating func expect(_ byte: UInt8, otherwise what: @autoclosure () -> String) throws(JSONReadError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw try mismatch(what()) }
        index += 1
    }

    /// The error for a value that is not of the expected type: "is null, expected …" or
    /// "expected …" when the value is JSON, a syntax error when it is not.
    mutating func mismatch(_ expected: String) throws(JSONReadError) -> JSONReadError {
        skipWhitespace()
        guard index < bytes.count else { return syntaxError("unexpected end, expected a value") }
        let start = index
        try skipValue()  // a syntax error here wins
        let wasNull = bytes[start] == UInt8(ascii: "n")
        index = start
        return .schema(wasNull ? "is null, expected \(expected)" : "expected \(expected)")
    }

    func syntaxError(_ message: String) -> JSONReadError { .notJSON(message, at: index) }
}

/// The keys one model type reads, in the sorted order the writer emits them, so that a
/// document written by `JSONWriter` matches each key at the first comparison.
struct JSONKeyTable {
    let names: [String]
    private let utf8: [[UInt8]]

    init(_ names: [String]) {
        precondition(names.count <= 64, "a key table holds at most 64 keys")
        self.names = names
        utf8 = names.map { Array($0.utf8) }
    }

    func index(of key: UnsafeBufferPointer<UInt8>, expected: Int) -> Int? {
        if expected < utf8.count, Self.equal(utf8[expected], key) { return expected }
        for i in utf8.indices where i != expected && Self.equal(utf8[i], key) { return i }
        return nil
    }

    private static func equal(_ name: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == key.count else { return false }
        return name.withUnsafeBufferPointer { known in
            guard let a = known.baseAddress, let b = key.baseAddress else { return true }  // both empty
            return memcmp(a, b, key.count) == 0
        }
    }

    /// "missing" for the first required key not in `seen`.
    func requireAll(_ required: [Int], seen: UInt64) throws(JSONReadError) {
        for field in required where seen & (1 << field) == 0 {
            throw JSONReadError.schema("missing").inside(names[field])
        }
    }
}
