import Dispatch
import JailtopModel
import Testing

/// The second thread that makes every other piece of an output (`PieceRing`): its pieces come
/// back in order, through a few blocks reused in turn, and stopping early, wherever the
/// helper is, leaves nothing running and every semaphore back where it started (libdispatch
/// traps on freeing one below its first value).
@Suite struct PieceRingTests {
    final class Box {
        var piece = -1
        var fills = 0
    }

    @Test func theHelpersPiecesComeBackInOrder() {
        let pieces = 23
        let ring = PieceRing(pieces: pieces, label: "test-ring", makeBlock: Box.init) { box, piece in
            box.piece = piece
            box.fills += 1
            return true
        }
        var seen: [Int] = []
        var fillsPerBlock: [ObjectIdentifier: Int] = [:]
        for piece in 0..<pieces where PieceRing<Box>.isHelpers(piece) {
            ring.withNext { box in
                seen.append(box.piece)
                fillsPerBlock[ObjectIdentifier(box)] = box.fills
            }
        }
        ring.stop()
        #expect(seen == Array(stride(from: 1, to: pieces, by: 2)))
        #expect(fillsPerBlock.count == PieceRing<Box>.blocks, "the blocks are reused in turn")
    }

    @Test(arguments: [0, 1, 2, 5])
    func stoppingEarlyLeavesNothingRunning(takenOut: Int) {
        for _ in 0..<20 {
            let ring = PieceRing(pieces: 41, label: "test-ring", makeBlock: Box.init) { box, piece in
                box.piece = piece
                return true
            }
            for _ in 0..<takenOut { ring.withNext { _ in } }
            // Let the helper run ahead and wait for a block, or not: both are stopped.
            if takenOut % 2 == 1 { usleep(2000) }
            ring.stop()
        }
    }

    @Test func aPieceThatFailsStopsTheHelperAfterIt() {
        let ring = PieceRing(pieces: 41, label: "test-ring", makeBlock: Box.init) { box, piece in
            box.piece = piece
            return piece < 5
        }
        var seen: [Int] = []
        for _ in 0..<3 { ring.withNext { seen.append($0.piece) } }
        ring.stop()
        #expect(seen == [1, 3, 5], "the failed piece is handed on, for the caller to find out")
    }
}
