import Dispatch
import JailtopModel

extension ProcessReport {
    /// `write(to:)` by two threads at once. A second thread measures the second half's cells
    /// while this one measures the first; then, in the widths of the whole, the rows are
    /// written in pieces of `rowsPerPiece`, this thread writing the even pieces straight to
    /// `sink` and a second thread the odd ones (`PieceRing`), which this thread hands on in
    /// their place. The memory held is a few pieces whatever the list's length. (Writing the
    /// whole second half into blocks kept until the first half was out paged in 4 MiB more
    /// for 50 000 rows, some 1000 faults, and this thread then waited for the other.)
    func writeOnTwoThreads(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let names = JailNames(snapshot)
        let processes = processes
        let half = processes.count / 2
        let secondHalf = SecondHalfWidths()
        // A queue of its own, so libdispatch gives it a thread of its own (see PieceRing).
        DispatchQueue(label: "jailtop-ps").async {
            secondHalf.lines.measure(processes[half...], names: names, host: nil)
            secondHalf.measured.signal()
        }
        var lines = ProcessLines(host: false)
        lines.measure(processes[..<half], names: names, host: nil)
        secondHalf.measured.wait()
        lines.widen(to: secondHalf.lines)
        let widths = lines
        let perPiece = Self.rowsPerPiece
        let rows: @Sendable (Int) -> Range<Int> = { piece in piece * perPiece..<min(processes.count, (piece + 1) * perPiece) }
        let pieceCount = (processes.count + perPiece - 1) / perPiece
        let helper = PieceRing(pieces: pieceCount, label: "jailtop-ps", makeBlock: LineBlock.init) { block, piece in
            block.bytes.removeAll(keepingCapacity: true)
            widths.write(processes[rows(piece)], names: names, host: nil, into: &block.lines) { block.bytes += $0 }
            block.lines.finish { block.bytes += $0 }
            return true
        }
        defer { helper.stop() }
        var pieces = TablePieces()
        try lines.writeTitles(into: &pieces, sink)
        for piece in 0..<pieceCount {
            if PieceRing<LineBlock>.isHelpers(piece) {
                try pieces.finish(sink)
                try helper.withNext { block in try block.bytes.withUnsafeBytes { try sink($0) } }
            } else {
                try lines.write(processes[rows(piece)], names: names, host: nil, into: &pieces, sink)
            }
        }
        try pieces.finish(sink)
    }

    /// Rows a piece: some 170 KiB of `jailtop ps` text.
    static let rowsPerPiece = 1024

    /// The second half's widths, measured on the helper's thread. `@unchecked Sendable`:
    /// `lines` is written before `measured` is signalled and read only after its wait.
    private final class SecondHalfWidths: @unchecked Sendable {
        var lines = ProcessLines(host: false)
        let measured = DispatchSemaphore(value: 0)
    }

    /// One odd piece's lines, as the helper made them (through `lines`, reused piece after
    /// piece). A class, so the ring can hold the noncopyable pieces.
    final class LineBlock {
        var lines = TablePieces()
        var bytes: [UInt8] = []
    }
}
