/// Compact JSON appended into one byte buffer, for the large documents jailtop writes (a
/// 50 000-process snapshot is ~20 MB): no Foundation, no per-field `String`, no boxing.
///
/// Output is what `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` printed before
/// this writer replaced it: the caller writes keys in sorted (UTF-8 byte) order; strings are
/// escaped the same way (`\"`, `\\`, `\b \t \n \f \r`, other bytes below 0x20 as lowercase
/// `\u00XX`, everything else, `/`, DEL and non-ASCII included, as it is). Numbers differ on
/// purpose: doubles are written at the precision the field means (`JSONNumberPrecision`).
public struct JSONWriter {
    /// Where the document is written.
    private let output: JSONByteStorage

    /// The key order `sortedKeys(of:)` found last.
    var lastSortedKeys: [String] = []

    /// The document so far (a copy).
    public var bytes: [UInt8] { output.array }

    /// The document so far, in place: for writing it out without a copy of 20 MB beside it.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: output.base, count: output.count))
    }

    /// - Parameter capacity: bytes to reserve up front (one growth costs a copy of all so far).
    public init(reservingCapacity capacity: Int = 256) {
        output = JSONByteStorage(capacity: capacity)
    }

    // MARK: - Structure

    public mutating func beginObject() { output.append(UInt8(ascii: "{")) }
    public mutating func endObject() { output.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { output.append(UInt8(ascii: "[")) }
    public mutating func endArray() { output.append(UInt8(ascii: "]")) }

    /// Starts the next array element: a comma unless it is the first.
    public mutating func beginElement() {
        if let last = output.last, last != UInt8(ascii: "[") { output.append(UInt8(ascii: ",")) }
    }

    /// `"name":` (after a comma unless it is the object's first member). `name` must need no
    /// escaping: schema-1 key names are plain ASCII.
    public mutating func key(_ name: StaticString) {
        let comma = output.last.map { $0 != UInt8(ascii: "{") } ?? false
        output.reserve(name.utf8CodeUnitCount + 4)
        if comma { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { output.append($0) }
        output.append(UInt8(ascii: "\""))
        output.append(UInt8(ascii: ":"))
    }

    /// A key from data (a jail parameter's name), escaped like any string.
    public mutating func key(_ name: String) {
        if let last = output.last, last != UInt8(ascii: "{") { output.append(UInt8(ascii: ",")) }
        string(name)
        output.append(UInt8(ascii: ":"))
    }

    // MARK: - Values

    public mutating func null() { append("null") }

    public mutating func bool(_ value: Bool) { append(value ? "true" : "false") }

    /// An integer in decimal.
    public mutating func int(_ value: Int) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        JSONNumberFormat.appendDigits(value.magnitude, to: output)  // the magnitude, so Int.min has one
    }

    /// A double at `precision` (see `JSONNumberPrecision`).
    /// - Throws: `JSONWriteError` for NaN and infinities, which JSON cannot hold.
    public mutating func double(_ value: Double, _ precision: JSONNumberPrecision) throws(JSONWriteError) {
        guard value.isFinite else { throw JSONWriteError(path: [], message: "\(value) cannot be written as a JSON number") }
        JSONNumberFormat.append(value, precision, to: output)
    }

    /// A string, quoted and escaped.
    public mutating func string(_ value: String) {
        output.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { appendEscaped($0) }
        output.append(UInt8(ascii: "\""))
    }

    /// Ends a line of JSON Lines.
    public mutating func newline() { output.append(UInt8(ascii: "\n")) }

    // MARK: - Members (key and value)

    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// - Throws: `JSONWriteError` naming `name` when `value` is not finite.
    public mutating func member(_ name: StaticString, _ value: Double, _ precision: JSONNumberPrecision) throws(JSONWriteError) {
        key(name)
        do { try double(value, precision) } catch { throw error.inside(name) }
    }

    /// `"name":[…]` of strings.
    public mutating func member(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values {
            beginElement()
            string(value)
        }
        endArray()
    }

    // MARK: - Helpers

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func append(_ literal: StaticString) {
        output.append(literal)
    }

    /// Copies runs that need no escape in one go; escapes the rest as JSONEncoder does.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < i { output.append(UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            runStart = i + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            default:
                output.append("u00")
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        if runStart < utf8.count { output.append(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }
}

/// A value that writes itself as JSON with `JSONWriter`, the fast path of `RecordingEncoding`.
public protocol JSONWritable {
    /// Appends this value (one whole JSON value) to `writer`.
    /// - Throws: `JSONWriteError` naming the field that cannot be written (a NaN).
    func writeJSON(into writer: inout JSONWriter) throws(JSONWriteError)
    /// About how many bytes the JSON takes, to reserve them at once (over is cheap: untouched
    /// pages of a large buffer cost no memory).
    var estimatedJSONBytes: Int { get }
}

extension JSONWritable {
    public var estimatedJSONBytes: Int { 256 }
}

extension Array: JSONWritable where Element: JSONWritable {
    /// `[…]`; an error names the element (`[3].cpu_percent`).
    public func writeJSON(into writer: inout JSONWriter) throws(JSONWriteError) {
        writer.beginArray()
        for i in indices {
            writer.beginElement()
            do { try self[i].writeJSON(into: &writer) } catch { throw error.inside(index: i) }
        }
        writer.endArray()
    }

    public var estimatedJSONBytes: Int { reduce(2) { $0 + $1.estimatedJSONBytes + 1 } }
}

/// A value JSON cannot hold (NaN, an infinity), with the path of the field it was in.
public struct JSONWriteError: Error, Equatable, CustomStringConvertible {
    /// From the outermost field in: `processes`, `[3]`, `cpu_percent`.
    public var path: [String]
    public var message: String

    public init(path: [String], message: String) {
        self.path = path
        self.message = message
    }

    /// The same error one level further out: in member `name`.
    public func inside(_ name: StaticString) -> JSONWriteError { inside(name.description) }

    public func inside(_ name: String) -> JSONWriteError {
        JSONWriteError(path: [name] + path, message: message)
    }

    /// The same error in element `index` of an array.
    public func inside(index: Int) -> JSONWriteError { inside("[\(index)]") }

    /// `processes[3].cpu_percent`.
    public var field: String { JSONSyntax.dotted(path) }

    public var description: String { "cannot write JSON: \(field.isEmpty ? "value" : field): \(message)" }
}
