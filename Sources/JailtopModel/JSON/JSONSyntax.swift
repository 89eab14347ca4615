/// JSON's small fixed pieces shared by the readers (the schema-1 reader here and the tolerant
/// libxo reader of the collector) and the errors of both directions.
public enum JSONSyntax {
    /// The byte a one-letter escape (`\n`, `\"`, …) stands for; nil for `u` and anything else.
    @inline(__always)
    public static func unescaped(_ escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The four hex digits of a `\\u` escape starting at `index`; nil when fewer than four
    /// bytes are left or one is not a hex digit.
    public static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index >= 0, index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// A field path as errors name it: `jails[3].racct.memoryuse` from
    /// `["jails", "[3]", "racct", "memoryuse"]`; empty for the document itself.
    public static func dotted(_ path: [String]) -> String {
        var out = ""
        for part in path {
            if !out.isEmpty, !part.hasPrefix("[") { out += "." }
            out += part
        }
        return out
    }
}
