/// The jails' parameters from the last full `jls` read, reused while a short listing (JID,
/// name, path, dying) shows the same jails: on 1000 jails a full read is some hundreds of KiB each
/// refresh, for parameters that change only when a jail starts, stops or is modified.
struct JailListCache: Sendable {
    /// Refreshes a full read is reused for at most, so `jail -m` changes (a new address, a
    /// hostname) show within this many refreshes.
    static let fullReadEvery = 30

    private var jails: [JlsJail]?
    private var reuses = 0

    /// Whether the next refresh must read every parameter.
    var wantsFullRead: Bool { jails == nil || reuses >= Self.fullReadEvery }

    /// Keeps a full read; one that lost entries (or failed) is not reused.
    mutating func replace(with jails: [JlsJail]?, complete: Bool) {
        self.jails = complete ? jails : nil
        reuses = 0
    }

    /// The last full read, if the short listing names the same jails in the same states.
    mutating func jails(matching listed: [JlsJail]) -> [JlsJail]? {
        guard let jails, jails.count == listed.count else { return nil }
        for (old, new) in zip(jails, listed) 
        where old.jid != new.jid || old.name != new.name || old.path != new.path || old.dying != new.dying
        {
            return nil
        }
        reuses += 1
        return jails
    }
}
