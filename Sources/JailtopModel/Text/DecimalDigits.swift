/// The decimal digits of an unsigned integer, counted, and written in place two at a time from
/// a table of "00"…"99" (half the divisions of one at a time): the one digit writer behind
/// `ASCIIText` (table cells, the dashboard's numbers) and `JSONWriter` (JSON numbers).
@usableFromInline
enum DecimalDigits {
    /// How many digits `n` has (1 to 20).
    @usableFromInline
    @inline(__always)
    static func count(_ n: UInt64) -> Int {
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20, n >= bound {  // UInt64.max has 20 digits; 10^19 * 10 would wrap
            digits += 1
            bound &*= 10
        }
        return digits
    }

    /// Writes `n`'s `count` digits (`count(n)`) at `out`.
    @inline(__always)
    static func write(_ n: UInt64, count: Int, to out: UnsafeMutablePointer<UInt8>) {
        var rest = n
        var end = count
        let pairs = digitPairs.utf8Start
        while rest >= 100 {
            let pair = Int(truncatingIfNeeded: rest % 100) &* 2
            rest /= 100
            end -= 2
            out[end] = pairs[pair]
            out[end + 1] = pairs[pair + 1]
        }
        if rest >= 10 {
            let pair = Int(truncatingIfNeeded: rest) &* 2
            out[0] = pairs[pair]
            out[1] = pairs[pair + 1]
        } else {
            out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
        }
    }

    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}
