/// The bytes of a JSON document being written (`JSONWriter`): one allocated block, grown by
/// doubling, written through its pointer. An `Array` checks uniqueness and capacity on every
/// append, which was a third of writing 50 000 processes. A class, so the writer's many small
/// writes reach it without copy-on-write checks; a writer is used in one place, never copied.
final class JSONByteStorage {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `more` bytes after the last one.
    @inline(__always)
    func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private func grow(to needed: Int) {
        let grown = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        if bytes.count <= 16 {
            // Keys and most values: a call to memmove costs more than the copy.
            for i in 0..<bytes.count { base[count + i] = source[i] }
        } else {
            (base + count).initialize(from: source, count: bytes.count)
        }
        count += bytes.count
    }

    func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// The last byte written, if any.
    var last: UInt8? { count > 0 ? base[count - 1] : nil }

    /// Moves the bytes from `offset` on `zeros` places later and fills the gap with "0".
    func insertZeros(_ zeros: Int, at offset: Int) {
        reserve(zeros)
        (base + offset + zeros).update(from: base + offset, count: count - offset)
        (base + offset).update(repeating: UInt8(ascii: "0"), count: zeros)
        count += zeros
    }

    /// The document as an array (one copy).
    var array: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }
}
