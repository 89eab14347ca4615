import Dispatch
import Synchronization

extension JSONWriter {
    /// About how many bytes of JSON one piece of a split array holds.
    static let pieceBytes = 256 << 10

    /// `"name":[…]` as `array(_:named:)` writes it, byte for byte, with a second thread writing
    /// every other piece of the array (some 256 KB of JSON each) while this one writes the rest
    /// and puts them all in order: a sample's 50 000 processes and 1000 jails are nearly all of
    /// its JSON, and each thread writes half. Arrays of fewer than four pieces, and hosts with
    /// one CPU, are written by this thread alone.
    ///
    /// The helper writes into `PieceWriter.blocks` blocks in turn, so the memory held is a few
    /// pieces whatever the array's length. An element JSON cannot hold fails the line when its
    /// piece comes up, after the pieces before it, as a write by one thread would.
    public mutating func parallelArray<Element: JSONWritable & Sendable>(
        _ elements: [Element], named name: StaticString
    ) throws(JSONWriteError) {
        do { try parallelArray(elements) } catch { throw error.inside(name) }
    }

    /// `[…]` as `Array.writeJSON` writes it, by two threads as `parallelArray(_:named:)`; an
    /// error names the element (`[3].cpu_percent`).
    public mutating func parallelArray<Element: JSONWritable & Sendable>(_ elements: [Element]) throws(JSONWriteError) {
        let perPiece = max(1, Self.pieceBytes / max(1, elements.first?.estimatedJSONBytes ?? 1))
        let pieces = (elements.count + perPiece - 1) / perPiece
        guard pieces >= 4, sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else { return try elements.writeJSON(into: &self) }
        let helper = PieceWriter(elements, perPiece: perPiece, pieces: pieces)
        // Ends the helper however this returns: it is waiting for a block, or done.
        defer { helper.cancel() }
        // A queue of its own: libdispatch's overcommitting pool then gives it a thread even when
        // every thread of the cooperative pool is busy (this one is one of them).
        DispatchQueue(label: "jailtop-json").async { helper.run() }
        beginArray()
        for piece in 0..<pieces {
            if !PieceWriter<Element>.isHelpers(piece) {
                for i in helper.range(of: piece) {
                    beginElement()
                    do { try elements[i].writeJSON(into: &self) } catch { throw error.inside(index: i) }
                    mayDrain()
                }
            } else {
                let block = helper.next()
                if let failure = helper.failure(in: block) { throw failure }
                beginElement()
                helper.withBytes(of: block) { appendPiece($0) }
                mayDrain()
                helper.release(block)
            }
        }
        endArray()
    }
}

/// The second thread of `JSONWriter.parallelArray`: writes the odd pieces of an array, its
/// k-th one into block k % `blocks`, and hands them to the writer's thread in order. (Taking
/// whichever piece is next, both threads at once, was tried: the helper, already running,
/// took each next piece first, and the writer's thread waited for every one.)
///
/// `@unchecked Sendable` because the two threads share the blocks: the helper touches a block
/// only between taking it (`free`) and handing it over (`filled`), the writer's thread only
/// between `next()` and `release`, and the semaphores order the two.
private final class PieceWriter<Element: JSONWritable & Sendable>: @unchecked Sendable {
    /// Blocks the helper writes into in turn: it runs at most this many pieces ahead.
    static var blocks: Int { 4 }

    private let elements: [Element]
    private let perPiece: Int
    private let pieces: Int
    private let cancelled = Atomic<Bool>(false)
    private let writers: [JSONWriter.Block]
    private let free: [DispatchSemaphore]
    private let filled: [DispatchSemaphore]
    /// How many of the helper's pieces the writer's thread has taken out.
    private var consumed = 0

    init(_ elements: [Element], perPiece: Int, pieces: Int) {
        self.elements = elements
        self.perPiece = perPiece
        self.pieces = pieces
        writers = (0..<Self.blocks).map { _ in JSONWriter.Block() }
        free = (0..<Self.blocks).map { _ in DispatchSemaphore(value: 1) }
        filled = (0..<Self.blocks).map { _ in DispatchSemaphore(value: 0) }
    }

    func range(of piece: Int) -> Range<Int> {
        piece * perPiece..<min(elements.count, (piece + 1) * perPiece)
    }

    /// Whether the helper writes `piece`: every other one, from the second.
    static func isHelpers(_ piece: Int) -> Bool { piece % 2 == 1 }

    /// The helper's loop: its pieces in order, each into the next block once it is free.
    func run() {
        for (written, piece) in stride(from: 1, to: pieces, by: 2).enumerated() {
            let block = written % Self.blocks
            free[block].wait()
            if cancelled.load(ordering: .acquiring) { return }
            writers[block].write(elements, range(of: piece))
            filled[block].signal()
            if writers[block].failure != nil { return }
        }
    }

    /// Waits for the helper's next piece; returns its block.
    func next() -> Int {
        let block = consumed % Self.blocks
        filled[block].wait()
        consumed += 1
        return block
    }

    func failure(in block: Int) -> JSONWriteError? { writers[block].failure }

    func withBytes(of block: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        writers[block].writer.withBytes(body)
    }

    /// Gives the block back to the helper for its next piece.
    func release(_ block: Int) { free[block].signal() }

    /// Stops the helper before its next piece (it may be waiting for a block: each is given).
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        for semaphore in free { semaphore.signal() }
    }
}

extension JSONWriter {
    /// One of `PieceWriter`'s blocks: a writer reused piece after piece, and what the element
    /// that failed in its last piece could not be written as. A class, so an array can hold
    /// the noncopyable writer.
    final class Block {
        var writer = JSONWriter(reservingCapacity: JSONWriter.pieceBytes + JSONWriter.pieceBytes / 2)
        var failure: JSONWriteError?

        /// The elements `range` of `elements`, comma-separated, in place of the last piece.
        func write(_ elements: [some JSONWritable], _ range: Range<Int>) {
            writer.removeAll()
            failure = nil
            for i in range {
                writer.beginElement()
                do throws(JSONWriteError) {
                    try elements[i].writeJSON(into: &writer)
                } catch {
                    failure = error.inside(index: i)
                    return
                }
            }
        }
    }
}
