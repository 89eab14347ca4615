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
    /// The helper writes into `PieceRing.blocks` blocks in turn, so the memory held is a few
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
        let count = elements.count
        let range: @Sendable (Int) -> Range<Int> = { piece in piece * perPiece..<min(count, (piece + 1) * perPiece) }
        let helper = PieceRing(pieces: pieces, label: "jailtop-json", makeBlock: Block.init) { block, piece in
            block.write(elements, range(piece))
            return block.failure == nil
        }
        defer { helper.stop() }
        beginArray()
        for piece in 0..<pieces {
            if !PieceRing<Block>.isHelpers(piece) {
                for i in range(piece) {
                    beginElement()
                    do { try elements[i].writeJSON(into: &self) } catch { throw error.inside(index: i) }
                    mayDrain()
                }
            } else {
                try helper.withNext { (block) throws(JSONWriteError) in
                    if let failure = block.failure { throw failure }
                    beginElement()
                    block.writer.withBytes { appendPiece($0) }
                    mayDrain()
                }
            }
        }
        endArray()
    }
}

extension JSONWriter {
    /// One of the helper's blocks (`PieceRing`): a writer reused piece after piece, and what
    /// the element that failed in its last piece could not be written as. A class, so an array
    /// can hold the noncopyable writer.
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
