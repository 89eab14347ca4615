/// Reuses the String made for a value seen before. In ps, user names, state letters, command
/// names and many argument lines ("nginx: worker process (nginx)", "/usr/sbin/cron -J 60 -s")
/// repeat across thousands of rows and jails; in jls's JSON, every jail repeats the same 60
/// parameter names and most of their values. A repeat skips the UTF-8 check, the allocation
/// and the copy, and the strings share storage. Direct-mapped: a collision replaces the slot.
struct StringCache {
    private static let shortSlots = 512
    private static let longSlots = 4096
    /// Short values (≤ 16 bytes) are keyed by their bytes themselves: low, high, length.
    private var shortKeys = [UInt64](repeating: UInt64.max, count: 3 * shortSlots)
    private var shortValues = [String](repeating: "", count: shortSlots)
    /// Longer values are keyed by a hash and confirmed against the cached string's bytes.
    private var longHashes = [UInt64](repeating: 0, count: longSlots)
    private var longValues = [String](repeating: "", count: longSlots)

    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let length = range.count
        guard let base = bytes.baseAddress, length >= 1 else { return "" }
        let start = UnsafeRawPointer(base + range.lowerBound)
        if length <= 16 {
            // Needs 16 readable bytes from the start of the value.
            guard range.lowerBound + 16 <= bytes.count else { return Self.text(bytes, range) }
            var low = UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
            var high = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if length < 8 {
                low &= (1 << UInt64(length * 8)) &- 1
                high = 0
            } else if length < 16 {
                high &= (1 << UInt64((length - 8) * 8)) &- 1
            }
            let hash = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
            let slot = Int(truncatingIfNeeded: (hash &* 0x2545_F491_4F6C_DD1D) >> 55)  // 9 bits
            if shortKeys[3 * slot] == low, shortKeys[3 * slot + 1] == high, shortKeys[3 * slot + 2] == UInt64(length) {
                return shortValues[slot]
            }
            let value = Self.text(bytes, range)
            shortKeys[3 * slot] = low
            shortKeys[3 * slot + 1] = high
            shortKeys[3 * slot + 2] = UInt64(length)
            shortValues[slot] = value
            return value
        }
        // Longer than 16 bytes: hash the length and three 8-byte samples (start, middle, end).
        let first = start.loadUnaligned(as: UInt64.self)
        let middle = start.loadUnaligned(fromByteOffset: length / 2 - 4, as: UInt64.self)
        let last = start.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        var hash = UInt64(length) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ first) &* 0xC2B2_AE3D_27D4_EB4F
        hash = (hash ^ middle) &* 0x1656_67B1_9E37_79F9
        hash = (hash ^ last) &* 0x2545_F491_4F6C_DD1D
        let slot = Int(truncatingIfNeeded: hash >> 52)  // 12 bits
        if longHashes[slot] == hash {
            let cached = longValues[slot]
            let same = cached.utf8.withContiguousStorageIfAvailable { stored in
                stored.count == length && memoryEqual(stored.baseAddress, start, length)
            }
            if same == true { return cached }
        }
        let value = Self.text(bytes, range)
        longHashes[slot] = hash
        longValues[slot] = value
        return value
    }

    /// Byte equality of two regions, eight bytes at a time.
    @inline(__always)
    private func memoryEqual(_ left: UnsafePointer<UInt8>?, _ right: UnsafeRawPointer, _ count: Int) -> Bool {
        guard let left else { return false }
        let leftRaw = UnsafeRawPointer(left)
        var offset = 0
        while offset + 8 <= count {
            if leftRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if leftRaw.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset += 1
        }
        return true
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
