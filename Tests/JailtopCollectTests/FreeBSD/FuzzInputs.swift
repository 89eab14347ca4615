import JailtopSynth

/// Deterministic random and mutated byte strings for the parsers' no-crash fuzz tests.
struct FuzzInputs: Sequence, IteratorProtocol {
    /// Bytes that matter to the formats: separators, JSON punctuation, controls, invalid UTF-8.
    static let interesting: [UInt8] = Array(" \n\t=:,.-{}[]\"\\/0123456789<>#".utf8) + [0x00, 0x1B, 0x7F, 0x80, 0xC3, 0xE2, 0xFF]

    private var generator: SeededRandom
    private let seeds: [[UInt8]]
    private var remaining: Int

    /// `count` inputs: mostly mutations of `seeds` (1–8 edits each), some purely random.
    init(seeds: [[UInt8]], count: Int, seed: UInt64) {
        self.seeds = seeds
        self.remaining = count
        self.generator = SeededRandom(seed: seed)
    }

    mutating func next() -> [UInt8]? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        if seeds.isEmpty || Int.random(in: 0..<10, using: &generator) == 0 {
            let length = Int.random(in: 0..<300, using: &generator)
            return (0..<length).map { _ in randomByte() }
        }
        var bytes = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            mutate(&bytes)
        }
        return bytes
    }

    private mutating func randomByte() -> UInt8 {
        Bool.random(using: &generator)
            ? Self.interesting[Int.random(in: 0..<Self.interesting.count, using: &generator)]
            : UInt8.random(in: 0...255, using: &generator)
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes.append(randomByte())
            return
        }
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: bytes[position] = randomByte()
        case 1: bytes.insert(randomByte(), at: position)
        case 2:
            let end = Swift.min(bytes.count, position + Int.random(in: 1...40, using: &generator))
            bytes.removeSubrange(position..<end)
        case 3:
            let end = Swift.min(bytes.count, position + Int.random(in: 1...40, using: &generator))
            bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &generator))
        case 4: bytes.removeSubrange(position...)
        default:
            let other = seeds.isEmpty ? bytes : seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            guard !other.isEmpty else { return }
            let start = Int.random(in: 0..<other.count, using: &generator)
            bytes.replaceSubrange(position..., with: other[start...])
        }
    }
}
