/// jail(8)'s rules for parameter names and values, ported from usr.sbin/jail/config.c:
/// `no`-prefix equivalence (equalopts), boolean values (bool_param), numeric jail names, and the
/// internal parameter table (intparams[]).
enum JailConfParamName {
    /// The non-converted entries of config.c's intparams[] table (FreeBSD 14/15). A variable may not share
    /// one of these names, and `name`/`jid` may not be redefined.
    static let internalNames: [String] = [
        "allow.dying", "command", "depend", "exec.clean", "exec.consolelog", "exec.fib", "exec.jail_user",
        "exec.poststart", "exec.poststop", "exec.prepare", "exec.prestart", "exec.prestop", "exec.release",
        "exec.created", "exec.start", "exec.stop", "exec.system_jail_user", "exec.system_user", "exec.timeout",
        "interface", "ip_hostname", "mount", "mount.devfs", "mount.fdescfs", "mount.procfs", "mount.fstab",
        "stop.timeout", "vnet.interface", "zfs.dataset", "allow.chflags", "allow.mount", "allow.raw_sockets",
        "allow.set_hostname", "allow.socket_af", "allow.sysvipc", "devfs_ruleset", "host.hostname", "ip4.addr",
        "ip6.addr", "jid", "name", "path", "persist", "securelevel", "vnet",
    ]

    /// Parameters known not to be booleans: a valueless `exec.start;` is an empty command list, not "true".
    static let nonBooleanNames: Set<String> = [
        "command", "depend", "exec.consolelog", "exec.fib", "exec.jail_user", "exec.poststart", "exec.poststop",
        "exec.prepare", "exec.prestart", "exec.prestop", "exec.release", "exec.created", "exec.start", "exec.stop",
        "exec.system_user", "exec.timeout", "interface", "mount", "mount.fstab", "stop.timeout", "vnet.interface",
        "zfs.dataset", "devfs_ruleset", "host.hostname", "ip4.addr", "ip6.addr", "jid", "name", "path",
        "securelevel",
    ]

    /// config.c equalopts(): "opt" equals "noopt", and "foo.opt" equals "foo.noopt" (the `no` goes after a dot).
    static func equal(_ first: String, _ second: String) -> Bool {
        if first == second { return true }
        // Only a "no" somewhere can make two different names equal; skip the byte copies otherwise.
        guard containsNo(first) || containsNo(second) else { return false }
        return equal(Array(first.utf8), Array(second.utf8))
    }

    private static func containsNo(_ name: String) -> Bool {
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if previous == UInt8(ascii: "n") && byte == UInt8(ascii: "o") { return true }
            previous = byte
        }
        return false
    }

    static func equal(_ opt1: [UInt8], _ opt2: [UInt8]) -> Bool {
        if opt1 == opt2 { return true }
        if hasNoPrefix(opt1, at: 0), opt1[2...].elementsEqual(opt2) { return true }
        if hasNoPrefix(opt2, at: 0), opt1.elementsEqual(opt2[2...]) { return true }
        var i1 = 0
        var i2 = 0
        while let dot = opt1[i1...].firstIndex(of: UInt8(ascii: ".")) {
            let length = dot + 1 - i1
            // strncmp(opt1, opt2, length): opt2 must carry the same component and dot.
            guard i2 + length <= opt2.count, opt1[i1..<(dot + 1)].elementsEqual(opt2[i2..<(i2 + length)]) else {
                break
            }
            i2 += length
            i1 = dot + 1
            if hasNoPrefix(opt1, at: i1), opt1[(i1 + 2)...].elementsEqual(opt2[i2...]) { return true }
            if hasNoPrefix(opt2, at: i2), opt1[i1...].elementsEqual(opt2[(i2 + 2)...]) { return true }
        }
        return false
    }

    private static func hasNoPrefix(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == UInt8(ascii: "n") && bytes[index + 1] == UInt8(ascii: "o")
    }

    /// True when the last dotted component starts with "no" (bool_param's test: `nopersist`, `allow.nomount`).
    static func isNegated(_ name: String) -> Bool {
        lastComponent(name).hasPrefix("no")
    }

    /// `allow.nomount` -> `allow.mount`, `nopersist` -> `persist`; other names unchanged.
    static func positiveName(_ name: String) -> String {
        guard isNegated(name) else { return name }
        let last = lastComponent(name)
        let prefix = name.dropLast(last.count)
        return String(prefix) + String(last.dropFirst(2))
    }

    private static func lastComponent(_ name: String) -> Substring {
        if let dot = name.lastIndex(of: ".") {
            return name[name.index(after: dot)...]
        }
        return Substring(name)
    }

    /// config.c bool_param(): a valueless parameter, "true" (any case) or a non-zero number is true,
    /// and a `no` prefix in the last component inverts the result.
    static func booleanValue(name: String, values: [String]) -> Bool {
        let truth: Bool
        if let last = values.last {
            truth = last.lowercased() == "true" || strtolIsNonZero(last)
        } else {
            truth = true
        }
        return isNegated(name) != truth
    }

    /// The value strtol(s, NULL, 10) would give is non-zero.
    static func strtolIsNonZero(_ text: String) -> Bool {
        let parsed = strtol(Array(text.utf8))
        return parsed.nonZero
    }

    /// config.c: `strtol(j->name, &ep, 10) && !*ep` makes a block name a `jid` rather than a `name`.
    static func isJidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let parsed = strtol(bytes)
        return parsed.nonZero && parsed.end == bytes.count
    }

    /// A small strtol(3): leading white space, an optional sign, decimal digits. Reports whether the value
    /// is non-zero (overflow saturates, so it stays non-zero) and where parsing stopped (0 if no digits).
    private static func strtol(_ bytes: [UInt8]) -> (nonZero: Bool, end: Int) {
        var index = 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        let digitsStart = index
        var nonZero = false
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            if bytes[index] != UInt8(ascii: "0") { nonZero = true }
            index += 1
        }
        return index == digitsStart ? (false, 0) : (nonZero, index)
    }
}
