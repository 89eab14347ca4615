import JailtopModel

/// The `jailtop ps` text: every process with the JID and name of the jail it runs in
/// (the pid→jail job of jps), in pid order, with the full argument list last.
public struct ProcessReport: Sendable {
    public var snapshot: Snapshot
    public var processes: [JailProcess]

    public init(snapshot: Snapshot, processes: [JailProcess]) {
        self.snapshot = snapshot
        self.processes = processes
    }

    public func render() -> [String] {
        table().render()
    }

    /// The report as one buffer of newline-terminated lines, as `jailtop ps` writes it.
    public func renderBytes() -> [UInt8] {
        table().renderBytes()
    }

    func table() -> TextTable {
        let names = snapshot.jailNamesByJID()
        var table = TextTable(columns: [
            .init("PID", right: true), .init("JID", right: true), .init("JAIL"), .init("USER"),
            .init("%CPU", right: true), .init("%MEM", right: true), .init("RSS", right: true), .init("STAT"),
            .init("TIME", right: true), .init("COMMAND"),
        ])
        table.reserveCapacity(rows: processes.count, bytesPerRow: 96)
        for p in processes {
            table.append([
                String(p.pid), String(p.jid), names[p.jid] ?? (p.jid == 0 ? "-" : "?"), p.user,
                Units.percent(p.cpuPercent), Units.percent(p.memPercent), Units.bytes(p.rssBytes), p.state,
                Units.cpuTime(p.cpuTimeS), p.args.isEmpty ? p.command : p.args,
            ])
        }
        return table
    }
}

extension Snapshot {
    /// Jail names by JID for the jails that have one (running and dying).
    public func jailNamesByJID() -> [Int: String] {
        var names: [Int: String] = [:]
        for j in jails { if let jid = j.jid { names[jid] = j.name } }
        return names
    }
}
