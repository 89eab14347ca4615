import Dispatch
import JailtopModel
import Synchronization

extension ProcessReport {
    /// `write(to:)` by two threads at once. A second thread measures the second half's cells
    /// while this one measures the first; then, in the widths of the whole, the rows are
    /// written in pieces of `OtherPieces.rowsPerPiece`, this thread writing the even pieces
    /// straight to `sink` and the other the odd ones, into a few blocks it fills in turn,
    /// which this thread hands on in their place. The memory held is those blocks, whatever
    /// the list's length. (Writing the whole second half into blocks kept until the first half
    /// was out paged in 4 MiB more for 50 000 rows, some 1000 faults, and this thread then
    /// waited for the other.) The helper is done, or stopped, when this returns.
    func writeOnTwoThreads(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let names = JailNames(snapshot)
        let helper = OtherPieces(rows: processes, names: names)
        // A queue of its own, so libdispatch gives it a thread of its own (see parallelArray).
        DispatchQueue(label: "jailtop-ps").async { helper.run() }
        defer { helper.stop() }
        var lines = ProcessLines(host: false)
        lines.measure(processes[..<helper.half], names: names, host: nil)
        helper.measured.wait()
        lines.widen(to: helper.lines)
        helper.lines = lines
        helper.widthsKnown.signal()
        var pieces = TablePieces()
        try lines.writeTitles(into: &pieces, sink)
        for piece in 0..<helper.pieceCount {
            if OtherPieces.isHelpers(piece) {
                try pieces.finish(sink)
                try helper.handNext(to: sink)
            } else {
                try lines.write(processes[helper.rows(of: piece)], names: names, host: nil, into: &pieces, sink)
            }
        }
        try pieces.finish(sink)
    }
}

/// The second thread of `ProcessReport.writeOnTwoThreads`: measures the second half of the
/// rows, then writes the odd pieces, the k-th of them into block k % `blocks`, and hands them
/// to the writing thread in order.
///
/// `@unchecked Sendable`: `lines` is written by the helper before `measured` and by the other
/// thread before `widthsKnown`; a block is the helper's between taking it (`free`) and handing
/// it over (`filled`), the other thread's until it releases it; the semaphores order them.
final class OtherPieces: @unchecked Sendable {
    /// Rows a piece: some 170 KiB of `jailtop ps` text.
    static let rowsPerPiece = 1024
    /// Blocks the helper fills in turn: it runs at most this many pieces ahead.
    static let blocks = 4

    static func isHelpers(_ piece: Int) -> Bool { piece % 2 == 1 }

    let processes: [JailProcess]
    let names: JailNames
    /// Where the second half, which the helper measures, starts.
    let half: Int
    /// The second half's widths once measured; the whole's once `widthsKnown`.
    var lines = ProcessLines(host: false)
    let measured = DispatchSemaphore(value: 0)
    let widthsKnown = DispatchSemaphore(value: 0)

    /// One piece's text; the array is never changed, each block by one thread at a time.
    private final class Block {
        var bytes: [UInt8] = []
    }

    private let ring = (0..<OtherPieces.blocks).map { _ in Block() }
    private let free = DispatchSemaphore(value: OtherPieces.blocks)
    private let filled = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    /// Blocks the helper has filled, and the other thread has handed on.
    private var taken = 0, handed = 0

    init(rows: [JailProcess], names: JailNames) {
        processes = rows
        self.names = names
        half = rows.count / 2
    }

    var pieceCount: Int { (processes.count + Self.rowsPerPiece - 1) / Self.rowsPerPiece }

    func rows(of piece: Int) -> Range<Int> {
        piece * Self.rowsPerPiece..<min(processes.count, (piece + 1) * Self.rowsPerPiece)
    }

    /// The helper's work, on its own thread.
    func run() {
        defer { done.signal() }
        lines.measure(processes[half...], names: names, host: nil)
        measured.signal()
        widthsKnown.wait()
        var pieces = TablePieces()
        for piece in stride(from: 1, to: pieceCount, by: 2) {
            free.wait()
            if stopped.load(ordering: .acquiring) { return }
            let block = ring[taken % Self.blocks]
            block.bytes.removeAll(keepingCapacity: true)
            lines.write(processes[rows(of: piece)], names: names, host: nil, into: &pieces) { block.bytes += $0 }
            pieces.finish { block.bytes += $0 }
            taken += 1
            filled.signal()
        }
    }

    /// Waits for the next odd piece and hands it to `sink`, then gives its block back.
    func handNext(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        filled.wait()
        let block = ring[handed % Self.blocks]
        handed += 1
        defer { free.signal() }
        try block.bytes.withUnsafeBytes { try sink($0) }
    }

    /// Ends the helper, whether it is done, waiting for a block, or (the sink having failed)
    /// has pieces left, and waits for it.
    func stop() {
        stopped.store(true, ordering: .releasing)
        free.signal()
        done.wait()
        // Blocks filled and never handed on are given back: a semaphore must not be freed
        // below the value it was made with.
        for _ in handed..<max(handed, taken) { free.signal() }
    }
}
