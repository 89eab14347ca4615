/// Compact JSON appended into one byte buffer, for the large documents jailtop writes (a
/// 50 000-process snapshot is ~20 MB): no Foundation, no per-field `String`, no boxing.
///
/// Output is what `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` printed before
/// this writer replaced it: the caller writes keys in sorted (UTF-8 byte) order; strings are
/// escaped the same way (`\"`, `\\`, `\b \t \n \f \r`, other bytes below 0x20 as lowercase
/// `\u00XX`, everything else, `/`, DEL and non-ASCII included, as it is). Numbers differ on
/// purpose: doubles are written at the precision the field means (`JSONNumberPrecision`).
///
/// The writer owns its block and writes through a cursor it holds itself, so a run of small
/// writes keeps the cursor in a register: a count kept in a class (or an `Array`) is reloaded
/// after every byte stored, since a byte store may alias it: writing 50 000 processes took
/// 40 ms that way, 26 ms this way. Noncopyable, as two copies would write over each other.
public struct JSONWriter: ~Copyable {
    /// The block, the next byte to write and the end of the room.
    private var base: UnsafeMutablePointer<UInt8>
    private var cursor: UnsafeMutablePointer<UInt8>
    private var limit: UnsafeMutablePointer<UInt8>

    /// The key order `sortedKeys(of:)` found last.
    var lastSortedKeys: [String] = []

    /// A streaming writer's destination (`init(drainingInto:every:)`), what it failed with, and
    /// the last byte handed to it (a comma after it depends on it).
    private var drain: ((UnsafeRawBufferPointer) throws -> Void)?
    private var drainEvery = Int.max
    private(set) var drainFailure: (any Error)?
    private var lastDrained: UInt8?

    /// - Parameter capacity: bytes to reserve up front (one growth costs a copy of all so far).
    public init(reservingCapacity capacity: Int = 256) {
        let room = max(capacity, 64)
        base = .allocate(capacity: room)
        cursor = base
        limit = base + room
    }

    /// A writer that hands its document to `drain` in pieces of about `chunkBytes`, cut between
    /// array elements, so a 20 MB document takes `chunkBytes` of memory: the same block is
    /// written again and again (in cache, no fresh page to fault in) instead of 20 MB of new
    /// pages. What `drain` throws ends the draining; `finishDraining()` throws it.
    public init(drainingInto drain: @escaping (UnsafeRawBufferPointer) throws -> Void, every chunkBytes: Int) {
        self.init(reservingCapacity: chunkBytes + chunkBytes / 4)
        self.drain = drain
        drainEvery = chunkBytes
    }

    deinit {
        base.deallocate()
    }

    /// Bytes in the buffer (written since the last drain).
    public var count: Int { cursor - base }

    /// The document so far (a copy; since the last drain for a streaming writer).
    public var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// The document so far, in place: for writing it out without a copy of 20 MB beside it.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    // MARK: - Structure

    public mutating func beginObject() { append(UInt8(ascii: "{")) }
    public mutating func endObject() { append(UInt8(ascii: "}")) }
    public mutating func beginArray() { append(UInt8(ascii: "[")) }
    public mutating func endArray() { append(UInt8(ascii: "]")) }

    /// Starts the next array element: a comma unless it is the first.
    public mutating func beginElement() {
        if let last, last != UInt8(ascii: "[") { append(UInt8(ascii: ",")) }
    }

    /// `"name":` (after a comma unless it is the object's first member). `name` must need no
    /// escaping: schema-1 key names are plain ASCII.
    public mutating func key(_ name: StaticString) {
        let length = name.utf8CodeUnitCount
        reserve(length + 4)
        if let last, last != UInt8(ascii: "{") { store(UInt8(ascii: ",")) }
        store(UInt8(ascii: "\""))
        if name.hasPointerRepresentation {
            store(UnsafeBufferPointer(start: name.utf8Start, count: length))
        } else {
            name.withUTF8Buffer { store($0) }
        }
        store(UInt8(ascii: "\""))
        store(UInt8(ascii: ":"))
    }

    /// A key from data (a jail parameter's name), escaped like any string.
    public mutating func key(_ name: String) {
        if let last, last != UInt8(ascii: "{") { append(UInt8(ascii: ",")) }
        string(name)
        append(UInt8(ascii: ":"))
    }

    // MARK: - Values

    public mutating func null() { append("null" as StaticString) }

    public mutating func bool(_ value: Bool) { append(value ? "true" : "false" as StaticString) }

    /// An integer in decimal.
    public mutating func int(_ value: Int) {
        reserve(20)
        if value < 0 { store(UInt8(ascii: "-")) }
        storeDigits(UInt64(value.magnitude))  // the magnitude, so Int.min has one
    }

    /// A double at `precision` (see `JSONNumberPrecision`).
    /// - Throws: `JSONWriteError` for NaN and infinities, which JSON cannot hold.
    public mutating func double(_ value: Double, _ precision: JSONNumberPrecision) throws(JSONWriteError) {
        guard value.isFinite else { throw JSONWriteError(path: [], message: "\(value) cannot be written as a JSON number") }
        JSONNumberFormat.append(value, precision, to: &self)
    }

    /// A string, quoted and escaped.
    public mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            // Room for the quotes and every byte escaped (`\u00XX`), so no check per byte.
            reserve(utf8.count * 6 + 2)
            store(UInt8(ascii: "\""))
            storeEscaped(utf8)
            store(UInt8(ascii: "\""))
        }
    }

    /// Ends a line of JSON Lines.
    public mutating func newline() { append(UInt8(ascii: "\n")) }

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

    // MARK: - Draining

    /// A place the document may be cut (after an array element): a streaming writer that has
    /// written its chunk hands it on here.
    @inline(__always)
    public mutating func mayDrain() {
        if cursor - base >= drainEvery { drainNow() }
    }

    /// Hands what is left to the drain; throws what the drain threw, if it failed.
    public mutating func finishDraining() throws {
        drainNow()
        if let drainFailure { throw drainFailure }
    }

    /// A piece of the document written elsewhere (another writer's bytes, `parallelArray`):
    /// a streaming writer hands what it holds, then the piece itself, to its drain with no copy;
    /// any other appends it.
    mutating func appendPiece(_ piece: UnsafeRawBufferPointer) {
        guard let drain, let last = piece.last else {
            append(UnsafeBufferPointer(start: piece.baseAddress?.assumingMemoryBound(to: UInt8.self), count: piece.count))
            return
        }
        drainNow()
        if drainFailure == nil {
            do { try drain(piece) } catch { drainFailure = error }
        }
        lastDrained = last
    }

    /// Empties the writer for reuse, keeping its block (the pieces of `parallelArray`).
    mutating func removeAll() {
        cursor = base
        lastDrained = nil
    }

    private mutating func drainNow() {
        guard cursor > base, let drain else { return }
        lastDrained = cursor[-1]
        if drainFailure == nil {
            do { try drain(UnsafeRawBufferPointer(start: base, count: count)) } catch { drainFailure = error }
        }
        cursor = base
    }

    // MARK: - Bytes

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// The last byte written, if any.
    var last: UInt8? { cursor > base ? cursor[-1] : lastDrained }

    /// Makes room for `more` bytes after the last one.
    @inline(__always)
    mutating func reserve(_ more: Int) {
        if limit - cursor < more { grow(more) }
    }

    private mutating func grow(_ more: Int) {
        let written = count
        let room = max(written + more, (limit - base) * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
        moved.initialize(from: base, count: written)
        base.deallocate()
        base = moved
        cursor = moved + written
        limit = moved + room
    }

    /// A byte, after making room for it.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        store(byte)
    }

    /// Bytes, after making room for them.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        store(bytes)
    }

    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// A byte into room already reserved.
    @inline(__always)
    private mutating func store(_ byte: UInt8) {
        cursor.initialize(to: byte)
        cursor += 1
    }

    /// Bytes into room already reserved.
    @inline(__always)
    private mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let count = bytes.count
        // Keys and most values are short: a call to memmove costs more than the copy, and a
        // byte loop more than two words. 4 to 16 bytes are two loads and two stores that
        // overlap in the middle (the first and the last 4 or 8 bytes), read inside the bytes.
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(cursor)
        if count >= 8, count <= 16 {
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4, count < 8 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else if count < 4 {
            for i in 0..<count { cursor[i] = source[i] }
        } else {
            cursor.initialize(from: source, count: count)
        }
        cursor += count
    }

    /// The decimal digits of `value`, into room already reserved (20 bytes).
    @inline(__always)
    mutating func storeDigits(_ value: UInt64) {
        let digits = DecimalDigits.count(value)
        DecimalDigits.write(value, count: digits, to: cursor)
        cursor += digits
    }

    /// The decimal digits of `value`, after making room for them.
    mutating func appendDigits(_ value: UInt64) {
        reserve(20)
        storeDigits(value)
    }

    /// Moves the bytes from `offset` on `zeros` places later and fills the gap with "0".
    mutating func insertZeros(_ zeros: Int, at offset: Int) {
        reserve(zeros)
        (base + offset + zeros).update(from: base + offset, count: count - offset)
        (base + offset).update(repeating: UInt8(ascii: "0"), count: zeros)
        cursor += zeros
    }

    /// Copies runs that need no escape in one go; escapes the rest as JSONEncoder does, into
    /// room already reserved (six bytes a byte).
    private mutating func storeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Nearly every string needs no escape: copied and checked in one pass with no branch per
        // byte (so it vectorizes), and done. One that does is written over, run by run.
        var special: UInt8 = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            cursor[i] = byte
            special |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        if special == 0 {
            cursor += utf8.count
            return
        }
        var runStart = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < i { store(UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            runStart = i + 1
            store(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): store(byte)
            case 0x08: store(UInt8(ascii: "b"))
            case 0x09: store(UInt8(ascii: "t"))
            case 0x0A: store(UInt8(ascii: "n"))
            case 0x0C: store(UInt8(ascii: "f"))
            case 0x0D: store(UInt8(ascii: "r"))
            default:
                store(UInt8(ascii: "u"))
                store(UInt8(ascii: "0"))
                store(UInt8(ascii: "0"))
                store(Self.hexDigits.utf8Start[Int(byte >> 4)])
                store(Self.hexDigits.utf8Start[Int(byte & 0xF)])
            }
        }
        if runStart < utf8.count { store(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
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
            writer.mayDrain()
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
