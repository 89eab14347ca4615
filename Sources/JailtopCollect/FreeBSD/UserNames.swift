import Synchronization

/// What names a process's user: its jail's own passwd (`<path>/etc/passwd`), else the host's;
/// the numeric uid stays when neither knows it. The files of one refresh, fixed once read.
struct UserNames: Sendable {
    let host: PasswdFile?
    /// The passwd of each running jail that has one (host processes, JID 0, have none here).
    let jailFiles: [Int: PasswdFile]

    func name(jid: Int, uid: Int) -> String? {
        (jid == 0 ? nil : jailFiles[jid]?.namesByUID[uid]) ?? host?.namesByUID[uid]
    }
}

/// Where a refresh's `UserNames` appear once the jails' passwd files are in: the jails are read
/// alongside ps, and ps's reader names the rows it reads from then on, while they are still in
/// cache, instead of a pass over all 50 000 afterwards. Published once, on the collector; read
/// from the thread that reads ps.
final class UserNaming: Sendable {
    private let names = Mutex<UserNames?>(nil)

    func publish(_ names: UserNames) {
        self.names.withLock { $0 = names }
    }

    /// The names, once published.
    var published: UserNames? { names.withLock { $0 } }
}

/// User names found so far in one refresh, by JID and uid. Naming 50 000 processes meets a few
/// thousand (jail, uid) pairs in no order (pids interleave the jails, so the JID changes on most
/// rows), and each row cost two Dictionary lookups (SipHash): the jail's passwd, then the uid in
/// it. Here a pair is looked up in the passwd files once, and every later row is one probe of an
/// open-addressed table under a multiplicative hash.
struct UserNameCache {
    private var keys: [UInt64]
    private var names: [String?]
    private var used = 0
    /// log2 of the table's size.
    private var bits: Int

    /// A key no pair has: JIDs are below 2^31.
    private static let vacant = UInt64.max

    init() {
        bits = 10
        keys = Array(repeating: Self.vacant, count: 1 << bits)
        names = Array(repeating: nil, count: 1 << bits)
    }

    /// The name of `uid` in jail `jid`, from `lookup` the first time the pair is met (a nil, for
    /// a uid no passwd knows, is kept too).
    mutating func name(jid: Int, uid: Int, lookup: () -> String?) -> String? {
        // Out of range for a key (never from FreeBSD's ps): looked up every time.
        guard (0..<(1 << 31)).contains(jid), (0...Int(UInt32.max)).contains(uid) else { return lookup() }
        let key = UInt64(jid) << 32 | UInt64(uid)
        var slot = Self.slot(of: key, bits: bits)
        let mask = keys.count - 1
        while keys[slot] != Self.vacant {
            if keys[slot] == key { return names[slot] }
            slot = (slot + 1) & mask
        }
        let name = lookup()
        keys[slot] = key
        names[slot] = name
        used += 1
        if used * 2 > keys.count { grow() }
        return name
    }

    /// Fibonacci hashing: the top `bits` bits of the key times 2^64 / φ.
    private static func slot(of key: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// Doubles the table, so it stays at most half full.
    private mutating func grow() {
        let oldKeys = keys, oldNames = names
        bits += 1
        keys = Array(repeating: Self.vacant, count: 1 << bits)
        names = Array(repeating: nil, count: 1 << bits)
        let mask = keys.count - 1
        for (key, name) in zip(oldKeys, oldNames) where key != Self.vacant {
            var slot = Self.slot(of: key, bits: bits)
            while keys[slot] != Self.vacant { slot = (slot + 1) & mask }
            keys[slot] = key
            names[slot] = name
        }
    }
}
