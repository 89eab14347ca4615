import JailtopModel

/// Turns a `Snapshot` (plus the exporter's health) into Prometheus text: a pure function, so
/// tests compare its output with golden files. Names follow jail_exporter's (`jail_<resource>`
/// with unit suffixes, labelled `name`) so its dashboards keep working; the rest is jailtop's own.
public struct MetricsRenderer: Sendable {
    public init() {}

    /// The exposition text for one sample. With no snapshot (the collector failed before any
    /// sample was made) only the exporter's own metrics are written.
    public func render(_ snapshot: Snapshot?, health: ExporterHealth) -> String {
        String(decoding: renderBytes(snapshot, health: health), as: UTF8.self)
    }

    /// The same page as the bytes served and written (built in one buffer, no copy after).
    public func renderBytes(_ snapshot: Snapshot?, health: ExporterHealth) -> [UInt8] {
        var out = MetricsText(reservingCapacity: 4096 + (snapshot?.jails.count ?? 0) * 3072)
        if let snapshot {
            let jails = Self.entries(of: snapshot)
            renderJails(jails, snapshot, into: &out)
            renderHost(snapshot, into: &out)
        }
        renderHealth(health, into: &out)
        return out.bytes
    }

    /// Whether the sample lacks the list of jails: jls failed as a whole (not just for some
    /// rows), so every configured jail's state is unknown. The exporter counts such a sample
    /// as a failed collection.
    public static func jailListFailed(_ snapshot: Snapshot) -> Bool {
        snapshot.errors.contains { $0.source == .jails && !$0.isPartial }
    }

    // MARK: Jails

    /// One jail name as exported: names are the series' identity, so a name seen twice in a
    /// sample (a restarted jail whose old instance is still dying) is exported once, from its
    /// most alive instance.
    struct Entry {
        var jail: Jail
        /// `name="…"`, escaped once for all the jail's samples.
        var nameLabel: String
        var anyDying: Bool
    }

    /// `,manager="…",manager_name="…"` for a managed jail; nothing for a plain one (an empty
    /// label is no label to Prometheus, and the series stay as they were).
    static func managerLabels(_ jail: Jail) -> String {
        guard let owner = jail.managedBy else { return "" }
        return "," + MetricsText.label("manager", owner.manager) + "," + MetricsText.label("manager_name", owner.name)
    }

    static func entries(of snapshot: Snapshot) -> [Entry] {
        var byName: [String: Int] = [:]
        byName.reserveCapacity(snapshot.jails.count)
        var entries: [Entry] = []
        entries.reserveCapacity(snapshot.jails.count)
        for jail in snapshot.jails {
            if let i = byName[jail.name] {
                entries[i].anyDying = entries[i].anyDying || jail.state == .dying
                if jail.state.liveness > entries[i].jail.state.liveness { entries[i].jail = jail }
            } else {
                byName[jail.name] = entries.count
                entries.append(Entry(jail: jail, nameLabel: MetricsText.label("name", jail.name), anyDying: jail.state == .dying))
            }
        }
        // Sorted by name (bytewise) so the output does not depend on the collector's order.
        return entries.sorted { $0.jail.name.utf8.lexicographicallyPrecedes($1.jail.name.utf8) }
    }

    private func renderJails(_ jails: [Entry], _ snapshot: Snapshot, into out: inout MetricsText) {
        out.family("jail_info", .gauge, "Facts about a running or dying jail; the value is always 1.")
        for e in jails {
            guard let jid = e.jail.jid else { continue }
            let j = e.jail
            out.sample(
                "jail_info",
                [
                    e.nameLabel, MetricsText.label("jid", String(jid)), MetricsText.label("hostname", j.hostname),
                    MetricsText.label("osrelease", j.osrelease), MetricsText.label("vnet", j.vnet ? "true" : "false"),
                    MetricsText.label("path", j.path),
                ].joined(separator: ",") + Self.managerLabels(j),
                1)
        }
        // Every jail a manager keeps, stopped ones too: what an alert on "boot=1 but not
        // running" joins jail_up with.
        if jails.contains(where: { $0.jail.managedBy != nil }) {
            out.family("jail_manager_info", .gauge, "The jail manager that keeps a jail (Bastille, iocage, …); the value is always 1.")
            for e in jails {
                guard let owner = e.jail.managedBy else { continue }
                out.sample(
                    "jail_manager_info",
                    [
                        e.nameLabel, MetricsText.label("manager", owner.manager), MetricsText.label("manager_name", owner.name),
                        MetricsText.label("boot", owner.boot.map { $0 ? "1" : "0" } ?? ""),
                    ].joined(separator: ","),
                    1)
            }
        }
        out.family("jail_id", .gauge, "JID of the named jail (as jail_exporter reports it).")
        for e in jails {
            if let jid = e.jail.jid { out.sample("jail_id", e.nameLabel, jid) }
        }
        // Without a jail list (jls failed) whether a jail runs is unknown: no up/dying/num samples
        // rather than zeros; jailtop_last_collection_success says why.
        let listed = !Self.jailListFailed(snapshot)
        let known = listed ? jails.filter { $0.jail.state != .unknown } : []
        if listed {
            out.family("jail_num", .gauge, "Number of running jails.")
            out.sample("jail_num", "", jails.count(where: { $0.jail.state == .running }))
        }
        out.family("jail_up", .gauge, "1 when the jail is running, 0 when it is configured but stopped or only dying.")
        for e in known { out.sample("jail_up", e.nameLabel, e.jail.state == .running ? 1 : 0) }
        out.family("jail_dying", .gauge, "1 when an instance of the jail is dying (removed, still held by the kernel).")
        for e in known { out.sample("jail_dying", e.nameLabel, e.anyDying ? 1 : 0) }

        // racct usage, all 25 resources in the kernel's order, in rctl's units (already base units).
        for resource in RacctResource.allCases {
            let metric = Self.racctMetric(resource)
            out.family(metric.name, metric.kind, metric.help)
            for e in jails {
                if let value = e.jail.racct?[resource] { out.sample(metric.name, e.nameLabel, value) }
            }
        }

        // From ps: works with racct off. Left out when ps failed (zeros would be a lie).
        // A ps with a few unreadable rows still gives every other process's figures.
        if snapshot.issue(for: .processes)?.isPartial ?? true {
            let withProcesses = jails.filter { $0.jail.jid != nil }
            out.family("jail_processes", .gauge, "Processes in the jail (ps).")
            for e in withProcesses { out.sample("jail_processes", e.nameLabel, e.jail.summary.processes) }
            out.family("jail_threads", .gauge, "Threads of the jail's processes (ps).")
            for e in withProcesses { out.sample("jail_threads", e.nameLabel, e.jail.summary.threads) }
            out.family("jail_cpu_percent", .gauge, "Sum of the jail's processes' %CPU as ps reports it; 100 is one core.")
            // ps prints %CPU with one decimal; the sum is rounded so float noise (2.8000000000000003) stays out.
            // The exporter keeps no previous sample, so this is JailFigures' figure without a delta.
            for e in withProcesses {
                out.sample("jail_cpu_percent", e.nameLabel, (JailFigures.cpuPercent(of: e.jail, delta: nil) * 100).rounded() / 100)
            }
            out.family("jail_rss_bytes", .gauge, "Resident memory of the jail's processes (ps), in bytes.")
            for e in withProcesses { out.sample("jail_rss_bytes", e.nameLabel, e.jail.summary.rssBytes) }
        }

        out.family(
            "jail_rctl_limit", .gauge,
            "rctl rule amount in base units (bytes, seconds, counts, bytes or operations per second; percent of one CPU for pcpu).")
        for e in jails {
            var seen = Set<String>()
            for rule in e.jail.rules {
                let labels = [
                    e.nameLabel, MetricsText.label("resource", rule.resource), MetricsText.label("action", rule.action.rawValue),
                    MetricsText.label("per", rule.per.rawValue),
                ].joined(separator: ",")
                guard seen.insert(labels).inserted else { continue }
                out.sample("jail_rctl_limit", labels, rule.amount)
            }
        }

        if snapshot.issue(for: .network)?.isPartial ?? true {
            let families: [(name: String, help: String, value: KeyPath<NetInterface, Int>)] = [
                ("jail_network_receive_bytes_total", "Bytes received on an interface of a VNET jail.", \.rxBytes),
                ("jail_network_transmit_bytes_total", "Bytes sent on an interface of a VNET jail.", \.txBytes),
                ("jail_network_receive_packets_total", "Packets received on an interface of a VNET jail.", \.rxPackets),
                ("jail_network_transmit_packets_total", "Packets sent on an interface of a VNET jail.", \.txPackets),
            ]
            for family in families {
                out.family(family.name, .counter, family.help)
                for e in jails where e.jail.jid != nil {
                    var seen = Set<String>()
                    for iface in e.jail.interfaces where seen.insert(iface.name).inserted {
                        out.sample(family.name, e.nameLabel + "," + MetricsText.label("interface", iface.name), iface[keyPath: family.value])
                    }
                }
            }
        }
    }

    /// The exported name, type and help of one racct resource: jail_exporter's names exactly.
    static func racctMetric(_ resource: RacctResource) -> (name: String, kind: MetricsText.Kind, help: String) {
        switch resource {
        case .cputime: ("jail_cputime_seconds_total", .counter, "CPU time used by the jail, in seconds (racct cputime).")
        case .datasize: ("jail_datasize_bytes", .gauge, "Data size, in bytes (racct datasize).")
        case .stacksize: ("jail_stacksize_bytes", .gauge, "Stack size, in bytes (racct stacksize).")
        case .coredumpsize: ("jail_coredumpsize_bytes", .gauge, "Core dump size, in bytes (racct coredumpsize).")
        case .memoryuse: ("jail_memoryuse_bytes", .gauge, "Resident set size, in bytes (racct memoryuse).")
        case .memorylocked: ("jail_memorylocked_bytes", .gauge, "Locked memory, in bytes (racct memorylocked).")
        case .maxproc: ("jail_maxproc", .gauge, "Number of processes (racct maxproc).")
        case .openfiles: ("jail_openfiles", .gauge, "File descriptor table size (racct openfiles).")
        case .vmemoryuse: ("jail_vmemoryuse_bytes", .gauge, "Address space, in bytes (racct vmemoryuse).")
        case .pseudoterminals: ("jail_pseudoterminals", .gauge, "Number of PTYs (racct pseudoterminals).")
        case .swapuse: ("jail_swapuse_bytes", .gauge, "Swap space that may be reserved or used, in bytes (racct swapuse).")
        case .nthr: ("jail_nthr", .gauge, "Number of threads (racct nthr).")
        case .msgqqueued: ("jail_msgqqueued", .gauge, "Number of queued SysV messages (racct msgqqueued).")
        case .msgqsize: ("jail_msgqsize_bytes", .gauge, "SysV message queue size, in bytes (racct msgqsize).")
        case .nmsgq: ("jail_nmsgq", .gauge, "Number of SysV message queues (racct nmsgq).")
        case .nsem: ("jail_nsem", .gauge, "Number of SysV semaphores (racct nsem).")
        case .nsemop: ("jail_nsemop", .gauge, "Number of SysV semaphores modified in a single semop(2) call (racct nsemop).")
        case .nshm: ("jail_nshm", .gauge, "Number of SysV shared memory segments (racct nshm).")
        case .shmsize: ("jail_shmsize_bytes", .gauge, "SysV shared memory size, in bytes (racct shmsize).")
        case .wallclock: ("jail_wallclock_seconds_total", .counter, "Wall clock time the jail has existed, in seconds (racct wallclock).")
        case .pcpu: ("jail_pcpu_used", .gauge, "%CPU, in percent of a single CPU core (racct pcpu).")
        case .readbps: ("jail_readbps", .gauge, "Filesystem reads, in bytes per second (racct readbps).")
        case .writebps: ("jail_writebps", .gauge, "Filesystem writes, in bytes per second (racct writebps).")
        case .readiops: ("jail_readiops", .gauge, "Filesystem reads, in operations per second (racct readiops).")
        case .writeiops: ("jail_writeiops", .gauge, "Filesystem writes, in operations per second (racct writeiops).")
        }
    }

    // MARK: Host

    private func renderHost(_ snapshot: Snapshot, into out: inout MetricsText) {
        let host = snapshot.host
        out.family("jailtop_host_info", .gauge, "Facts about the host; the value is always 1.")
        // An unknown fact is left out (its label, or its sample): absent means unknown.
        var labels: [String] = []
        if let hostname = host.hostname { labels.append(MetricsText.label("hostname", hostname)) }
        if let osrelease = host.osrelease { labels.append(MetricsText.label("osrelease", osrelease)) }
        labels.append(MetricsText.label("racct", host.racct.rawValue))
        out.sample("jailtop_host_info", labels.joined(separator: ","), 1)
        out.family("jailtop_host_racct_enabled", .gauge, "1 when racct accounting is on (kern.racct.enable=1), else 0.")
        out.sample("jailtop_host_racct_enabled", "", host.racct == .enabled ? 1 : 0)
        // Without the jail list the counts by state would say no jail runs.
        if !Self.jailListFailed(snapshot) {
            out.family("jailtop_jails", .gauge, "Jails known to the host, by state (a restarted jail may count as running and dying).")
            for state in JailState.allCases {
                out.sample("jailtop_jails", MetricsText.label("state", state.rawValue), snapshot.jails.count(where: { $0.state == state }))
            }
        }
        // One gauge per known fact; an unknown one is left out (absent means unknown).
        let facts: [(name: String, help: String, value: Double?)] = [
            ("jailtop_host_cpus", "Number of CPUs (hw.ncpu).", host.ncpu.map(Double.init)),
            ("jailtop_host_memory_bytes", "Physical memory, in bytes (hw.physmem).", host.physmemBytes.map(Double.init)),
            ("jailtop_host_memory_used_bytes", "Memory in use (not free, inactive or cache), in bytes.", host.memUsedBytes.map(Double.init)),
            ("jailtop_host_boot_time_seconds", "When the host booted, in seconds since the epoch (kern.boottime).", host.boottime),
        ]
        for fact in facts {
            guard let value = fact.value else { continue }
            out.family(fact.name, .gauge, fact.help)
            out.sample(fact.name, "", value)
        }
        if let loadavg = host.loadavg, loadavg.count == 3 {
            for (i, window) in ["1", "5", "15"].enumerated() {
                out.family("jailtop_host_load\(window)", .gauge, "\(window)-minute load average (vm.loadavg).")
                out.sample("jailtop_host_load\(window)", "", loadavg[i])
            }
        }
    }

    // MARK: Exporter

    private func renderHealth(_ health: ExporterHealth, into out: inout MetricsText) {
        out.family("jailtop_build_info", .gauge, "jailtop's version; the value is always 1.")
        out.sample("jailtop_build_info", MetricsText.label("version", health.version), 1)
        out.family("jailtop_collections_total", .counter, "Samples the exporter has taken since it started.")
        out.sample("jailtop_collections_total", "", health.collections)
        out.family("jailtop_collection_failures_total", .counter, "Samples that could not be taken, or were taken without the jail list (jls failed).")
        out.sample("jailtop_collection_failures_total", "", health.collectionFailures)
        out.family(
            "jailtop_collector_errors_total", .counter,
            "Problems reported by each data source (jls, ps, jail.conf, rctl usage, rctl rules, sysctl, netstat), summed over samples.")
        for source in SourceIssue.Source.allCases {
            out.sample("jailtop_collector_errors_total", MetricsText.label("source", source.rawValue), health.sourceErrors[source] ?? 0)
        }
        out.family("jailtop_last_collection_success", .gauge, "1 when the last sample was taken with the jail list, 0 when it failed or jls did.")
        out.sample("jailtop_last_collection_success", "", health.lastCollectionSucceeded ? 1 : 0)
        if let seconds = health.lastCollectionDurationSeconds {
            out.family("jailtop_collection_duration_seconds", .gauge, "Seconds the last sample took to collect (scrapes are served from memory).")
            out.sample("jailtop_collection_duration_seconds", "", seconds)
        }
        if let time = health.lastCollectionTimestamp {
            out.family("jailtop_last_collection_timestamp_seconds", .gauge, "When the last sample was finished, in seconds since the epoch.")
            out.sample("jailtop_last_collection_timestamp_seconds", "", time)
        }
    }
}
