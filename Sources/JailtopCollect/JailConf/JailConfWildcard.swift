/// jail(8)'s wildcard jail names (`*`, `foo.*`, `*.bar`), ported from config.c wild_jail_name() and
/// wild_jail_match().
enum JailConfWildcard {
    /// A `*` that is a whole dotted component makes the name a wildcard.
    static func isWildcard(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "*") {
            let startsComponent = index == 0 || bytes[index - 1] == UInt8(ascii: ".")
            let endsComponent = index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: ".")
            if startsComponent && endsComponent { return true }
        }
        return false
    }

    /// Whether `jailName` matches the wildcard `pattern`: a non-final `*` component matches one jail
    /// component, and a final `*` matches one or more (so `foo.*` matches `foo.bar` and `foo.bar.baz`,
    /// but not `foo`).
    static func matches(jailName: String, pattern: String) -> Bool {
        let jail = Array(jailName.utf8)
        let wild = Array(pattern.utf8)
        var jc = 0
        var wc = 0
        while let jd = jail[jc...].firstIndex(of: UInt8(ascii: ".")),
              wild[wc...].firstIndex(of: UInt8(ascii: ".")) != nil {
            let length = jd - jc + 1
            let sameComponent = wc + length <= wild.count && jail[jc...jd].elementsEqual(wild[wc..<(wc + length)])
            let starComponent = wc + 1 < wild.count && wild[wc] == UInt8(ascii: "*") && wild[wc + 1] == UInt8(ascii: ".")
            if !sameComponent && !starComponent { return false }
            guard let wd = wild[wc...].firstIndex(of: UInt8(ascii: ".")) else { break }
            jc = jd + 1
            wc = wd + 1
        }
        return jail[jc...].elementsEqual(wild[wc...]) || wild[wc...].elementsEqual([UInt8(ascii: "*")])
    }
}
