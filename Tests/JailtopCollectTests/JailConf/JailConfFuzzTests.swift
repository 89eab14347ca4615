import JailtopSynth
import Testing
@testable import JailtopCollect

/// Seeded mutation fuzzing: thousands of damaged configurations must never crash the reader, and
/// every error it reports must point inside the input.
@Suite("jail.conf fuzzing")
struct JailConfFuzzTests {
    static let fragments: [[UInt8]] = [
        "{", "}", ";", "=", "+=", ",", "\"", "'", "$", "${", "$name", "${id}", "\\", "\\\n", "\n", "/*", "*/", "//",
        "#", "*", "\"a.*\" {", "a.* {", ".include \"*.conf\";", ".include \"/x\";", "\\0", "\\x", "\\777", "é",
        "nopersist;", "persist", "x {", "$v = a, b;", "ip4.addr += 1.2.3.4;", "\"${", "}\"", "\r",
    ].map { Array($0.utf8) }

    static func seeds() -> [[UInt8]] {
        let files = [
            ("exampleA", "/etc/jail.conf"), ("exampleB", "/etc/jail.conf.d/vnet1.conf"), ("exampleC", "/etc/jail.conf"),
            ("netgraph", "/etc/jail.conf"), ("vnet-ids", "/etc/jail.conf"), ("include-glob", "/etc/jail.conf"),
            ("malformed", "/etc/jail.conf.d/missing-semicolon.conf"), ("lookup", "/etc/jail.conf"),
        ]
        var seeds = files.map { Array(JailConfTestSupport.text($0.0, $0.1).utf8) }
        seeds.append(Array(#"q { exec.start = "a\"b;c" 'd $x' "e${y}f\x41\101"; $y = z; }"#.utf8))
        seeds.append(Array("a { b { c { persist; } } }\n\"a.*\" { $p = 1; path = /j/$p; }".utf8))
        return seeds.filter { !$0.isEmpty }
    }

    static func mutate(_ input: [UInt8], using generator: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0:
                bytes.insert(contentsOf: fragments[Int.random(in: 0..<fragments.count, using: &generator)], at: position)
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
                if position < end { bytes.removeSubrange(position..<end) }
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &generator))
                if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
            case 4 where position < bytes.count:
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            default:
                if position < bytes.count { bytes.removeSubrange(position...) }
            }
        }
        return bytes
    }

    /// Runs the whole pipeline and checks every reported line lies within the input.
    static func check(_ bytes: [UInt8]) -> Bool {
        var loader = JailConfLoader(files: JailConfFileSystem(root: "/nonexistent-jailtop-fuzz-root"))
        let view = loader.load(bytes: bytes, file: "/fuzz.conf")
        let evaluated = JailConfEvaluator.evaluate(view)
        let lines = bytes.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let errors = view.errors + evaluated.flatMap(\.errors)
        let linesOK = errors.allSatisfy { $0.file != "/fuzz.conf" || (0...lines).contains($0.line) }
        let jailsOK = evaluated.allSatisfy { !$0.jail.isWildcardName && (1...lines).contains($0.jail.line) }
        return linesOK && jailsOK
    }

    @Test("5000 mutated configurations parse without crashing")
    func mutatedConfigurations() {
        var generator = SeededRandom(seed: 0x6A61_696C_746F_7021)
        let seeds = Self.seeds()
        #expect(seeds.count >= 8)
        var failures: [Int] = []
        for iteration in 0..<5000 {
            let seed = seeds[iteration % seeds.count]
            let input = Self.mutate(seed, using: &generator)
            if !Self.check(input) { failures.append(iteration) }
        }
        #expect(failures.isEmpty, "iterations with errors outside the input: \(failures.prefix(10))")
    }

    @Test("1000 random byte strings parse without crashing")
    func randomBytes() {
        var generator = SeededRandom(seed: 42)
        var failures: [Int] = []
        for iteration in 0..<1000 {
            let count = Int.random(in: 0...200, using: &generator)
            let alphabet = Array("{};=,+\"'$\\/*#\n ab.".utf8)
            let input = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                    : UInt8.random(in: 0...255, using: &generator)
            }
            if !Self.check(input) { failures.append(iteration) }
        }
        #expect(failures.isEmpty, "iterations with errors outside the input: \(failures.prefix(10))")
    }

    @Test("2000 mutated rc.conf files parse without crashing")
    func mutatedRcConf() {
        var generator = SeededRandom(seed: 7)
        let seed = Array(JailConfTestSupport.text("rcconf", "/etc/rc.conf").utf8)
        #expect(!seed.isEmpty)
        var parsed = 0
        for _ in 0..<2000 {
            var rc = RcConf()
            rc.apply(bytes: Self.mutate(seed, using: &generator))
            _ = rc.jailEnable
            _ = rc.jailList
            parsed += rc.jailConf.isEmpty ? 0 : 1
        }
        #expect(parsed == 2000)
    }
}

extension ConfiguredJail {
    /// A wildcard must never come out as a jail.
    fileprivate var isWildcardName: Bool { JailConfWildcard.isWildcard(name) }
}
