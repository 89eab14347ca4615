import JailtopModel

/// One line of a batch table, written cell by cell at a pointer with room for it and `slack`
/// bytes more, in the rules of every table jailtop prints (`TextTable`, `ProcessReport`): each
/// cell padded with spaces to its column's width on the side its column aligns to, one space
/// between columns, the last column never padded, trailing spaces dropped, a newline at the end.
struct TableLine {
    private let out: UnsafeMutablePointer<UInt8>
    private var at = 0
    private var cells = 0

    init(at out: UnsafeMutablePointer<UInt8>) {
        self.out = out
    }

    /// A cell `width` columns wide, which `write` puts at the pointer it is given (returning the
    /// bytes written), padded to `columnWidth`.
    @inline(__always)
    mutating func cell(width: Int, columnWidth: Int, right: Bool, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        separate()
        let pad = max(0, columnWidth - width)
        if right { spaces(pad) }
        at += write(out + at)
        if !right { spaces(pad) }
    }

    /// A cell of text (`TableCell.write`), padded to `columnWidth` on the left.
    @inline(__always)
    mutating func text(_ cell: String, cap: Int, asciiOnly: Bool = false, columnWidth: Int) {
        separate()
        let (bytes, width) = TableCell.write(cell, cap: cap, asciiOnly: asciiOnly, to: out + at)
        at += bytes
        spaces(max(0, columnWidth - width))
    }

    /// A number, padded to `columnWidth` on the right.
    @inline(__always)
    mutating func number(_ value: Int, columnWidth: Int) {
        formatted(columnWidth: columnWidth) { $0.append(value) }
    }

    /// What `format` writes (`Units`' forms, at most `ASCIIText.capacity` bytes of ASCII, one
    /// column each), padded to `columnWidth` on the right. Written first, on the stack, then
    /// padded and copied: a few bytes, where working out the width first (`Units.percentWidth`
    /// and its siblings) would round and scale every value twice.
    @inline(__always)
    mutating func formatted(columnWidth: Int, _ format: (inout ASCIIText) -> Void) {
        separate()
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // ASCIIText.capacity bytes
        withUnsafeMutableBytes(of: &scratch) { raw in
            let text = raw.bindMemory(to: UInt8.self)
            let count = ASCIIText.write(format, into: text)
            spaces(columnWidth - count)
            (out + at).update(from: text.baseAddress!, count: count)
            at += count
        }
    }

    /// The last cell, never padded: a command line, cut at `TableCell.maxLastColumns`.
    @inline(__always)
    mutating func last(_ cell: String) {
        separate()
        at += TableCell.write(cell, cap: TableCell.maxLastColumns, asciiOnly: false, to: out + at).bytes
    }

    /// Ends the line; returns the bytes it took, newline included.
    mutating func end() -> Int {
        while at > 0, out[at - 1] == 0x20 { at -= 1 }
        out[at] = 0x0A
        return at + 1
    }

    @inline(__always)
    private mutating func separate() {
        if cells > 0 {
            out[at] = 0x20
            at += 1
        }
        cells += 1
    }

    @inline(__always)
    private mutating func spaces(_ count: Int) {
        guard count > 0 else { return }
        if count <= Self.slack {
            // Most pads are a few bytes: two word stores, not a call to memset per cell (what
            // is past the pad is written over next, or is the line's slack).
            let raw = UnsafeMutableRawPointer(out + at)
            raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 8, as: UInt64.self)
        } else {
            (out + at).initialize(repeating: 0x20, count: count)
        }
        at += count
    }

    /// Bytes past a line's own that its room has (`TablePieces.room(for:)`), for `spaces`.
    static let slack = 16
}

/// The text of a table cell: untrusted text (names, command lines) sanitized, cut to its
/// column's cap with "…", and measured in terminal columns.
enum TableCell {
    /// Widest cell shown in a padded column (a jail name is at most 255 bytes in the kernel; a
    /// longer one from a file is cut with "…"), and in the last one (a command line).
    static let maxColumns = 256
    static let maxLastColumns = 65_536

    /// The most bytes `write` may take for `cell`: each byte of a character replaced may become
    /// three (U+FFFD), and a cut adds "…".
    static func mostBytes(_ cell: String) -> Int {
        3 * cell.utf8.count + 3
    }

    /// The cell's width in terminal columns, as `write` would write it.
    static func width(_ cell: String, cap: Int, asciiOnly: Bool = false) -> Int {
        let plain = cell.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= cap && isPrintable(bytes) ? bytes.count : nil
        }
        if let plain = plain ?? nil { return plain }
        return sanitized(cell, cap: cap, asciiOnly: asciiOnly).width
    }

    /// Writes the cell at `out`, which has room for `mostBytes(cell)`; returns the bytes
    /// written and its width.
    @inline(__always)
    static func write(_ cell: String, cap: Int, asciiOnly: Bool, to out: UnsafeMutablePointer<UInt8>) -> (bytes: Int, width: Int) {
        let plain = cell.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= cap && copyPrintable(bytes, to: out) ? bytes.count : nil
        }
        if let plain = plain ?? nil { return (plain, plain) }
        var (safe, width) = sanitized(cell, cap: cap, asciiOnly: asciiOnly)
        let count = safe.withUTF8 { bytes in
            out.initialize(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
        return (count, width)
    }

    /// Copies `bytes` to `out` and says whether every one is printable ASCII (one column
    /// each), which nearly every cell is. Copied and checked in one pass with no branch per
    /// byte (so it vectorizes); when it says false, what was copied is to be written over.
    @inline(__always)
    static func copyPrintable(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Bool {
        var unprintable: UInt8 = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            out[i] = byte
            unprintable |= byte &- 0x20 < 0x5F ? 0 : 1
        }
        return unprintable == 0
    }

    /// Whether every byte is printable ASCII.
    @inline(__always)
    static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var unprintable: UInt8 = 0
        for byte in bytes { unprintable |= byte &- 0x20 < 0x5F ? 0 : 1 }
        return unprintable == 0
    }

    /// A cell cut to `cap` characters (with "…"), sanitized, and its width in columns.
    static func sanitized(_ cell: String, cap: Int, asciiOnly: Bool) -> (text: String, width: Int) {
        // A cell of at most `cap` bytes has at most `cap` characters: no walk needed.
        var cut = cell
        if cell.utf8.count > cap {
            let head = cell.prefix(cap)
            if head.endIndex < cell.endIndex { cut = String(head.dropLast()) + "…" }
        }
        let safe = asciiOnly ? SanitizedText.ascii(cut) : SanitizedText.clean(cut)
        return (safe, DisplayWidth.of(safe))
    }
}

/// The block a table's lines are written into and handed on from, a piece at a time: 50 000
/// rows take one block of about `chunkBytes`, still in cache, instead of a buffer of the whole
/// table.
struct TablePieces: ~Copyable {
    let chunkBytes: Int
    private var block: UnsafeMutablePointer<UInt8>
    private var room: Int
    private var filled = 0

    init(chunkBytes: Int = 256 << 10) {
        self.chunkBytes = chunkBytes
        room = chunkBytes + 4096
        block = .allocate(capacity: room)
    }

    deinit { block.deallocate() }

    /// Where a line of at most `line` bytes goes, with `TableLine.slack` bytes after it. Less
    /// than a piece is held here: a long line (a 64 KiB command) grows the block.
    mutating func room(for line: Int) -> UnsafeMutablePointer<UInt8> {
        let most = line + TableLine.slack
        if filled + most > room {
            room = filled + most
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
            grown.moveInitialize(from: block, count: filled)
            block.deallocate()
            block = grown
        }
        return block + filled
    }

    /// `count` bytes were written where `room(for:)` said; a full piece goes to `sink`.
    mutating func wrote(_ count: Int, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        filled += count
        if filled >= chunkBytes { try finish(sink) }
    }

    /// Hands on what is held.
    mutating func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard filled > 0 else { return }
        defer { filled = 0 }
        try sink(UnsafeRawBufferPointer(start: block, count: filled))
    }
}
