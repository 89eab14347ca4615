import Dispatch
import Synchronization

/// A second thread that makes every other piece of a long output, the odd ones, while the
/// calling thread makes the even ones and hands everything on in order: the helper fills
/// `blocks` blocks in turn, so the memory held is a few pieces whatever the output's length.
/// `JSONWriter.parallelArray` (a sample's processes and jails) and `jailtop ps`'s lines use it.
/// (Taking whichever piece is next, both threads at once, was tried for JSON: the helper,
/// already running, took each next piece first, and the calling thread waited for every one.)
///
/// `@unchecked Sendable` because the two threads share the blocks: the helper touches a block
/// only between taking it (`free`) and handing it over (`filled`), the calling thread only
/// between `next()` and `release()`, and the semaphores order the two.
public final class PieceRing<Block: AnyObject>: @unchecked Sendable {
    /// Blocks the helper fills in turn: it runs at most this many pieces ahead.
    public static var blocks: Int { 4 }

    /// Whether the helper makes `piece`: every other one, from the second.
    public static func isHelpers(_ piece: Int) -> Bool { piece % 2 == 1 }

    private let pieces: Int
    /// Makes `piece` into the block; false stops the helper after it (the piece failed, and the
    /// calling thread finds out from the block when it comes up).
    private let fill: @Sendable (Block, _ piece: Int) -> Bool
    private let ring: [Block]
    private let free: [DispatchSemaphore]
    private let filled: [DispatchSemaphore]
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// Waits on each block's `free` by the helper, and releases of each by the calling thread:
    /// what `stop` balances (a semaphore must not be freed below the value it was made with).
    private var taken: [Int]
    private var released: [Int]
    /// The helper's pieces the calling thread has taken out.
    private var consumed = 0

    /// Starts the helper on a queue of its own, so libdispatch's overcommitting pool gives it a
    /// thread even when every thread of the cooperative pool is busy (the caller's is one).
    public init(pieces: Int, label: String, makeBlock: () -> Block, fill: @escaping @Sendable (Block, _ piece: Int) -> Bool) {
        self.pieces = pieces
        self.fill = fill
        ring = (0..<Self.blocks).map { _ in makeBlock() }
        free = (0..<Self.blocks).map { _ in DispatchSemaphore(value: 1) }
        filled = (0..<Self.blocks).map { _ in DispatchSemaphore(value: 0) }
        taken = Array(repeating: 0, count: Self.blocks)
        released = Array(repeating: 0, count: Self.blocks)
        DispatchQueue(label: label).async { self.run() }
    }

    /// The helper's loop: its pieces in order, each into the next block once it is free.
    private func run() {
        defer { finished.signal() }
        for (made, piece) in stride(from: 1, to: pieces, by: 2).enumerated() {
            let block = made % Self.blocks
            free[block].wait()
            taken[block] += 1
            if stopped.load(ordering: .acquiring) { return }
            let goOn = fill(ring[block], piece)
            filled[block].signal()
            if !goOn { return }
        }
    }

    /// Waits for the helper's next piece and lends its block to `body`; the block goes back
    /// to the helper afterwards, whatever `body` throws.
    public func withNext<Result, Failure: Error>(_ body: (Block) throws(Failure) -> Result) throws(Failure) -> Result {
        let block = consumed % Self.blocks
        filled[block].wait()
        consumed += 1
        defer {
            released[block] += 1
            free[block].signal()
        }
        return try body(ring[block])
    }

    /// Ends the helper, whether it is done, waiting for a block, or has pieces left (the
    /// calling thread stopping early), and waits for it: it is never left running.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        for semaphore in free { semaphore.signal() }
        finished.wait()
        for block in 0..<Self.blocks {
            // Made 1 + released + 1 (the signal above), taken `taken`: back to at least 1.
            for _ in 0..<max(0, taken[block] - released[block] - 1) { free[block].signal() }
        }
    }
}
