/// Numbers for `JSONReader`: strict JSON syntax, read without making a `String` in the
/// common case. What JSONDecoder accepted is accepted: an Int field may be written `3.0` or
/// `1.5e1` (a whole number in any notation), a Double field `3`.
extension JSONReader {
    /// A number literal, scanned: `significand × 10^exponent`, sign apart.
    struct NumberLiteral {
        var start: Int
        var end: Int
        var isNegative = false
        /// The first 19 significant digits.
        var significand: UInt64 = 0
        var exponent = 0
        /// Digits beyond the 19th, all zero (`exponent` accounts for them) or not.
        var droppedNonZeroDigit = false
        var hasMoreThan19Digits = false
    }

    /// Scans one number, checking JSON's grammar (no `01`, `.5`, `1.`, `+1`, `NaN`).
    mutating func scanNumber() throws(JSONReadError) -> NumberLiteral {
        var number = NumberLiteral(start: index, end: index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            number.isNegative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw syntaxError("malformed number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw syntaxError("malformed number (leading zero)") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { addDigit(&number, fractional: false) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntaxError("malformed number") }
            while index < bytes.count, isDigit(bytes[index]) { addDigit(&number, fractional: true) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var negativeExponent = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                negativeExponent = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntaxError("malformed number") }
            var value = 0
            while index < bytes.count, isDigit(bytes[index]) {
                value = min(value * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)  // far past any range
                index += 1
            }
            number.exponent += negativeExponent ? -value : value
        }
        number.end = index
        return number
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func addDigit(_ number: inout NumberLiteral, fractional: Bool) {
        let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
        index += 1
        if number.significand == 0, digit == 0 {
            if fractional { number.exponent -= 1 }
            return
        }
        if number.significand < 1_000_000_000_000_000_000 {  // fewer than 19 digits so far
            number.significand = number.significand * 10 + digit
            if fractional { number.exponent -= 1 }
        } else {
            number.hasMoreThan19Digits = true
            if digit != 0 { number.droppedNonZeroDigit = true }
            if !fractional { number.exponent += 1 }
        }
    }

    /// Plain decimals (`42`, `-7`, `133.45`: at most 18 digits, no exponent) as digits and how
    /// many of them are after the point; nil, having moved nowhere, when the number needs
    /// `scanNumber`.
    private mutating func plainDecimal() -> (digits: Int, fractionDigits: Int)? {
        var i = index
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let first = i
        var value = 0
        var count = 0
        var pointAt = -1
        while i < bytes.count, count <= 18 {
            let byte = bytes[i]
            if isDigit(byte) {
                value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                count += 1
            } else if byte == UInt8(ascii: "."), pointAt < 0, count > 0 {
                pointAt = count
            } else {
                break
            }
            i += 1
        }
        // Leading zeros are not JSON, `1.` is not either, and -0 is a double's -0.0: all for
        // scanNumber, as are exponents and longer numbers.
        guard count > 0, count <= 18, pointAt != count, !(count > 1 && bytes[first] == UInt8(ascii: "0") && pointAt != 1),
            !(negative && value == 0)
        else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || isDigit(bytes[i]) { return nil }
        index = i
        return (negative ? -value : value, pointAt < 0 ? 0 : count - pointAt)
    }

    /// A whole number within `limits` (a model field narrower than Int).
    mutating func int(within limits: ClosedRange<Int>) throws(JSONReadError) -> Int {
        let value = try int()
        guard limits.contains(value) else {
            throw .schema("expected a whole number from \(limits.lowerBound) to \(limits.upperBound), got \(value)")
        }
        return value
    }

    /// A whole number in Int's range, in any notation (`42`, `-0`, `3.0`, `1.5e1`).
    mutating func int() throws(JSONReadError) -> Int {
        let byte = try peek()
        guard byte == UInt8(ascii: "-") || isDigit(byte) else { throw try mismatch("a whole number") }
        let start = index
        if let plain = plainDecimal() {
            if plain.fractionDigits == 0 { return plain.digits }
            index = start  // `3.0`: a whole number in another notation
        }
        let number = try scanNumber()
        var significand = number.significand
        var exponent = number.exponent
        guard !number.droppedNonZeroDigit else { throw notWhole(number) }
        while significand != 0, exponent < 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        guard significand != 0 else { return 0 }
        guard exponent >= 0 else { throw notWhole(number) }
        guard exponent < 20 else { throw notWhole(number) }  // 10^20 > UInt64.max
        for _ in 0..<exponent {
            let (product, overflow) = significand.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw notWhole(number) }
            significand = product
        }
        if number.isNegative {
            guard significand <= UInt64(Int.max) + 1 else { throw notWhole(number) }
            return significand == UInt64(Int.max) + 1 ? Int.min : -Int(significand)
        }
        guard significand <= UInt64(Int.max) else { throw notWhole(number) }
        return Int(significand)
    }

    private func notWhole(_ number: NumberLiteral) -> JSONReadError {
        .schema("expected a whole number that fits in 64 bits, got \(text(of: number))")
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A finite double. Short decimals (all jailtop writes) are converted exactly by one
    /// multiplication or division (both operands exact, so the result is correctly rounded);
    /// anything else goes through the standard library's parser.
    mutating func double() throws(JSONReadError) -> Double {
        let byte = try peek()
        let start = index
        guard byte == UInt8(ascii: "-") || isDigit(byte) else { throw try mismatch("a number") }
        if let plain = plainDecimal() {
            // 18 digits fit Int; up to 2^53 they are exact as a double, so one division by an
            // exact power of ten rounds once, as parsing the text would.
            if plain.digits.magnitude <= 1 << 53 { return Double(plain.digits) / Self.powersOfTen[plain.fractionDigits] }
            index = start
        }
        let number = try scanNumber()
        if !number.hasMoreThan19Digits, number.significand <= 1 << 53, (-22...22).contains(number.exponent) {
            let magnitude =
                number.exponent >= 0
                ? Double(number.significand) * Self.powersOfTen[number.exponent]
                : Double(number.significand) / Self.powersOfTen[-number.exponent]
            return number.isNegative ? -magnitude : magnitude
        }
        guard let value = Double(text(of: number)), value.isFinite else {
            throw .schema("\(text(of: number)) is out of range for a number")
        }
        return value
    }

    private func text(of number: NumberLiteral) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[number.start..<number.end]), as: UTF8.self)
    }
}
