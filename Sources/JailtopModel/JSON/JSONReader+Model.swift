/// Typed values of schema 1 for `JSONReader`: enums with their accepted values, optionals.
extension JSONReader {
    /// A string-backed enum; anything else is `expected one of a|b|c, got "x"`, the message
    /// `StrictStringEnum` gives JSONDecoder.
    mutating func strictEnum<E: StrictStringEnum>(_: E.Type) throws(JSONReadError) -> E {
        let raw = try string()
        guard let value = E(rawValue: raw) else {
            let accepted = E.allCases.map(\.rawValue).joined(separator: "|")
            throw .schema("expected one of \(accepted), got \"\(raw)\"")
        }
        return value
    }

    /// A value of a readable type.
    mutating func read<T: JSONReadable>(_: T.Type) throws(JSONReadError) -> T {
        try T(reading: &self)
    }

    /// `null` or a value, for `decodeIfPresent` fields (an absent key stays nil too).
    mutating func optional<T: JSONReadable>(_: T.Type) throws(JSONReadError) -> T? {
        try consumeNull() ? nil : T(reading: &self)
    }

    /// A list; an error names the element (`[3]`).
    mutating func list<T: JSONReadable>(of _: T.Type) throws(JSONReadError) -> [T] {
        var state = try beginArray()
        var out: [T] = []
        while try nextElement(&state) {
            do { out.append(try T(reading: &self)) } catch { throw error.inside(index: state.count - 1) }
        }
        return out
    }
}

/// A model value `JSONReader` can read, as `Decodable` is one JSONDecoder can.
protocol JSONReadable {
    init(reading r: inout JSONReader) throws(JSONReadError)
}

extension Int: JSONReadable {
    init(reading r: inout JSONReader) throws(JSONReadError) { self = try r.int() }
}

extension Double: JSONReadable {
    init(reading r: inout JSONReader) throws(JSONReadError) { self = try r.double() }
}

extension String: JSONReadable {
    init(reading r: inout JSONReader) throws(JSONReadError) { self = try r.string() }
}

extension Bool: JSONReadable {
    init(reading r: inout JSONReader) throws(JSONReadError) { self = try r.bool() }
}

extension ParamValue {
    static let expectation = "expected a string, boolean, integer or list of strings"

    /// As `init(from:)`: a boolean, string, whole number or list of strings; anything else
    /// (null, an object, a fraction, a list holding a number) is the same one error.
    init(reading r: inout JSONReader) throws(JSONReadError) {
        switch try r.peek() {
        case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .bool(try r.bool())
        case UInt8(ascii: "\""): self = .string(try r.string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            do throws(JSONReadError) { self = .integer(try r.int()) } catch where error.kind == .schema { throw .schema(Self.expectation) }
        case UInt8(ascii: "["):
            let (start, depth) = (r.index, r.depth)
            do throws(JSONReadError) {
                self = .list(try r.list(of: String.self))
            } catch where error.kind == .schema {
                (r.index, r.depth) = (start, depth)
                try r.skipValue()
                throw .schema(Self.expectation)
            }
        default:
            try r.skipValue()
            throw .schema(Self.expectation)
        }
    }

    /// A jail's `params` object.
    static func readAll(_ r: inout JSONReader) throws(JSONReadError) -> [String: ParamValue] {
        var object = try r.beginObject()
        var params: [String: ParamValue] = [:]
        params.reserveCapacity(48)  // jls -n gives about 40: one allocation, no rehashing
        while let name = try r.nextKey(&object) {
            do { params[name] = try ParamValue(reading: &r) } catch { throw error.inside(name) }
        }
        return params
    }
}

extension ResourceUsage {
    /// `{"cputime":1843,…}`: every value a whole number.
    init(reading r: inout JSONReader) throws(JSONReadError) {
        var object = try r.beginObject()
        var values: [String: Int] = [:]
        values.reserveCapacity(RacctResource.allCases.count)
        while let name = try r.nextKey(&object) {
            do { values[name] = try r.int() } catch { throw error.inside(name) }
        }
        self.init(values: values)
    }
}
