/// Builds a short ASCII string (a number with its unit) in a stack buffer: no string
/// interpolation, whose growing buffer is a heap allocation per call, and the result of at most
/// 15 bytes is a small string, which needs none. `jailtop ps` formats 200 000 cells this way.
public struct ASCIIText {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<UInt8>
    @usableFromInline var count = 0

    /// Longest text a builder may write; longer writes are cut (callers stay far below).
    public static let capacity = 40

    /// The text `build` writes.
    @inlinable
    public static func make(_ build: (inout ASCIIText) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var text = ASCIIText(buffer: buffer)
            build(&text)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<text.count]), as: UTF8.self)
        }
    }

    /// The bytes `build` writes, lent to `body`: a table cell written without a String.
    @inlinable
    public static func withBytes<Result>(
        _ build: (inout ASCIIText) -> Void, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var text = ASCIIText(buffer: buffer)
            build(&text)
            return body(UnsafeBufferPointer(rebasing: buffer[0..<text.count]))
        }
    }

    /// What `build` writes, into `buffer` (at most `capacity` bytes are used): a table cell
    /// written in place. Returns the bytes written.
    @inlinable
    public static func write(_ build: (inout ASCIIText) -> Void, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var text = ASCIIText(buffer: UnsafeMutableBufferPointer(rebasing: buffer[..<min(buffer.count, capacity)]))
        build(&text)
        return text.count
    }

    @usableFromInline init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// One ASCII byte.
    @inlinable
    public mutating func append(_ byte: UInt8) {
        guard count < buffer.count else { return }
        buffer[count] = byte
        count += 1
    }

    /// An ASCII literal such as `"M"` or `":"`.
    public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { for byte in $0 { append(byte) } }
    }

    /// An integer in decimal, zero-padded to at least `width` digits (after a minus sign).
    /// Written in place (`DecimalDigits`) with one check for room: a table of 50 000 rows
    /// writes some 300 000 of these. Cut at the capacity, like every write.
    public mutating func append(_ value: Int, width: Int = 1) {
        let n = UInt64(value.magnitude)
        let digits = DecimalDigits.count(n)
        let sign = value < 0 ? 1 : 0
        let zeros = max(0, width - digits)
        let total = sign + zeros + digits
        guard buffer.count - count >= total else {
            // Too long for what is left: as many of its bytes as fit, in order.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { whole in
                var full = ASCIIText(buffer: whole)
                full.append(value, width: width)
                for byte in whole { append(byte) }
            }
        }
        let start = buffer.baseAddress! + count
        if sign == 1 { start[0] = UInt8(ascii: "-") }
        if zeros > 0 { (start + sign).update(repeating: UInt8(ascii: "0"), count: zeros) }
        DecimalDigits.write(n, count: digits, to: start + sign + zeros)
        count += total
    }

    /// The bytes `append(value, width:)` writes.
    @inlinable
    public static func width(of value: Int, width: Int = 1) -> Int {
        (value < 0 ? 1 : 0) + max(width, DecimalDigits.count(UInt64(value.magnitude)))
    }
}
