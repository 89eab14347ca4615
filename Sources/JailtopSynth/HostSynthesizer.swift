import Foundation
import JailtopModel

/// Makes a believable series of samples of a FreeBSD host from a `HostSpec`: load that rises
/// and falls per jail, memory that grows towards limits (and is held there, as the kernel
/// does), processes that exit and are replaced, counters that only go up. Deterministic:
/// the same spec gives the same samples on every machine.
public struct HostSynthesizer: Sendable {
    public private(set) var spec: HostSpec
    private var random: SeededRandom
    private var jails: [SynthJail] = []
    private var hostProcesses: [SynthProcess] = []
    private var usedPIDs: Set<Int> = []
    private var nextPID = 600
    private var sample = 0
    private var loadavg: [Double] = [0.3, 0.35, 0.4]

    public init(spec: HostSpec) {
        self.spec = spec
        random = SeededRandom(seed: spec.seed)
        buildHost()
        // Settle the load once so the first sample already shows busy processes.
        advance(to: spec.start)
    }

    /// The next sample; the first call gives the sample at `spec.start`.
    public mutating func next() -> Snapshot {
        let time = spec.start + Double(sample) * spec.interval
        if sample > 0 { advance(to: time) }
        sample += 1
        return snapshot(at: time)
    }

    /// `count` consecutive samples as a recording with its header.
    public static func recording(spec: HostSpec, samples count: Int) -> Recording {
        var synth = HostSynthesizer(spec: spec)
        let snapshots = (0..<max(1, count)).map { _ in synth.next() }
        return Recording(
            header: RecordingHeader(host: spec.hostname, intervalS: spec.interval, created: spec.start),
            snapshots: snapshots)
    }
}

// MARK: - Building the host

/// A jail of the synthetic host and its mutable state between samples.
struct SynthJail: Sendable {
    var spec: HostSpec.JailSpec
    var jid: Int?
    var parentJID: Int
    var cpusetID: Int
    var index: Int
    var processes: [SynthProcess] = []
    /// CPU seconds of processes that have exited: racct's cputime never goes down.
    var exitedCPUSeconds: Double = 0
    var rx: Int = 0, tx: Int = 0, rxPackets: Int = 0, txPackets: Int = 0
    var loRx: Int = 0
    var memoryFactor: Double = 1
    var readBps: Double = 0, writeBps: Double = 0
}

/// A process of the synthetic host and the numbers that drift between samples.
struct SynthProcess: Sendable {
    var blueprint: ProcessBlueprint
    var pid: Int
    var ppid: Int
    var jid: Int
    var instance: Int
    var cpuTime: Double
    var startTime: Double
    var cpuPercent: Double = 0
    var rss: Double
    var vsz: Double
}

extension HostSynthesizer {
    private mutating func allocatePID(gap: ClosedRange<Int> = 1...9) -> Int {
        repeat {
            nextPID += random.int(gap)
            if nextPID > 99_999 { nextPID = 1000 + random.int(0...500) }
        } while usedPIDs.contains(nextPID)
        usedPIDs.insert(nextPID)
        return nextPID
    }

    private mutating func buildHost() {
        let boot = spec.start - spec.bootedSecondsBefore
        // Kernel processes first, with the low pids they get at boot; "[idle]" soaks up free CPU.
        let kernel: [(Int, String, Int, String)] = [
            (0, "kernel", 480, "DLs"), (1, "init", 1, "ILs"), (2, "clock", 1, "WL"), (3, "crypto", 9, "DL"),
            (4, "cam", 3, "DL"), (5, "busdma", 1, "DL"), (6, "zfskern", 24, "DL"), (7, "rand_harvestq", 1, "DL"),
            (8, "pagedaemon", 3, "DL"), (9, "vmdaemon", 1, "DL"), (10, "audit", 1, "DL"),
            (11, "idle", spec.ncpu, "RL"), (12, "intr", 64, "WL"), (13, "geom", 3, "DL"), (14, "sequencer 00", 1, "DL"),
            (15, "usb", 3, "DL"), (16, "bufdaemon", 3, "DL"), (17, "vnlru", 1, "DL"), (18, "syncer", 1, "DL"),
        ]
        for (pid, comm, threads, state) in kernel {
            let args = pid == 1 ? "/sbin/init" : "[\(comm)]"
            var bp = ProcessBlueprint(comm, args, threads: threads, state: state)
            bp.rssMiB = pid == 1 ? 1.1 : 0
            bp.vszMiB = pid == 1 ? 14 : 0
            bp.cpuPeak = comm == "intr" ? 1.5 : (comm == "zfskern" ? 0.8 : 0)
            usedPIDs.insert(pid)
            hostProcesses.append(
                SynthProcess(blueprint: bp, pid: pid, ppid: pid == 0 ? 0 : 0, jid: 0, instance: 0, cpuTime: 0, startTime: boot, rss: bp.rssMiB * 1_048_576, vsz: bp.vszMiB * 1_048_576))
        }
        let daemons: [ProcessBlueprint] = [
            ProcessBlueprint("devd", "/sbin/devd", rssMiB: 4.2, vszMiB: 14, state: "Ss"),
            ProcessBlueprint("syslogd", "/usr/sbin/syslogd -s", rssMiB: 3, vszMiB: 13, state: "Ss"),
            ProcessBlueprint("ntpd", "/usr/sbin/ntpd -p /var/db/ntp/ntpd.pid -c /etc/ntp.conf -f /var/db/ntpd.drift", user: "ntpd", uid: 123, rssMiB: 6, vszMiB: 22, state: "Ss"),
            ProcessBlueprint("sshd", "sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups (sshd)", rssMiB: 9, vszMiB: 22, state: "Ss"),
            ProcessBlueprint("cron", "/usr/sbin/cron -s", rssMiB: 2.6, vszMiB: 13, state: "Is"),
            ProcessBlueprint("node_exporter", "/usr/local/bin/node_exporter --web.listen-address=:9100", user: "nobody", uid: 65534, cpu: 0.4, rssMiB: 22, vszMiB: 720, threads: 8, state: "S"),
            ProcessBlueprint("getty", "/usr/libexec/getty Pc ttyv0", count: 3, rssMiB: 2.4, vszMiB: 13, state: "Is+"),
            ProcessBlueprint("sshd", "sshd-session: admin [priv] (sshd-session)", rssMiB: 10, vszMiB: 23, state: "Is"),
            ProcessBlueprint("sshd", "sshd-session: admin@pts/0 (sshd-session)", user: "admin", uid: 1001, cpu: 0.1, rssMiB: 10, vszMiB: 23, state: "S"),
            ProcessBlueprint("zsh", "-zsh (zsh)", user: "admin", uid: 1001, rssMiB: 6, vszMiB: 19, state: "Ss"),
            ProcessBlueprint("tmux", "tmux: server (/tmp/tmux-1001/default) (tmux)", user: "admin", uid: 1001, cpu: 0.2, rssMiB: 7, vszMiB: 21, state: "Ss"),
        ]
        var blueprints = daemons
        // Interactive and housekeeping processes an admin's host has besides its daemons.
        let extras: [ProcessBlueprint] = [
            ProcessBlueprint("zsh", "-zsh (zsh)", user: "admin", uid: 1001, rssMiB: 6, vszMiB: 19, state: "Is"),
            ProcessBlueprint("vim", "vim /etc/jail.conf.d/www.conf", user: "admin", uid: 1001, rssMiB: 14, vszMiB: 31, state: "S+"),
            ProcessBlueprint("tail", "tail -F /var/log/messages", user: "admin", uid: 1001, rssMiB: 2, vszMiB: 13, state: "S+"),
            ProcessBlueprint("zfs", "zfs send -I tank/jails/db@daily.1 tank/jails/db@daily.0", cpu: 3, rssMiB: 8, vszMiB: 30, state: "D"),
            ProcessBlueprint("sh", "/bin/sh /usr/sbin/periodic daily", rssMiB: 3, vszMiB: 14, state: "I"),
            ProcessBlueprint("smartd", "/usr/local/sbin/smartd -c /usr/local/etc/smartd.conf -p /var/run/smartd.pid", rssMiB: 5, vszMiB: 20, state: "Ss"),
            ProcessBlueprint("zfsd", "/usr/sbin/zfsd", rssMiB: 6, vszMiB: 21, state: "Ss"),
            ProcessBlueprint("powerd", "/usr/sbin/powerd", rssMiB: 2, vszMiB: 13, state: "Ss"),
        ]
        for i in 0..<spec.extraHostProcesses {
            blueprints.append(extras[i % extras.count])
        }
        for bp in blueprints {
            for n in 0..<bp.count {
                let pid = allocatePID()
                hostProcesses.append(
                    SynthProcess(
                        blueprint: bp, pid: pid, ppid: 1, jid: 0, instance: n, cpuTime: random.between(0, 60),
                        startTime: boot + random.between(20, 60), rss: bp.rssMiB * 1_048_576, vsz: bp.vszMiB * 1_048_576))
            }
        }

        var nextJID = 1
        for (index, jailSpec) in spec.jails.enumerated() {
            var jid: Int?
            if jailSpec.state != .stopped {
                jid = nextJID
                nextJID += 1
            }
            // A dotted name is a child jail: its parent is the jail named by the prefix.
            var parentJID = 0
            if let dot = jailSpec.name.lastIndex(of: ".") {
                let parentName = String(jailSpec.name[..<dot])
                parentJID = jails.first(where: { $0.spec.name == parentName })?.jid ?? 0
            }
            var jail = SynthJail(spec: jailSpec, jid: jid, parentJID: parentJID, cpusetID: 2 + index * 2, index: index)
            if jailSpec.state == .running, let jid {
                let jailStart = boot + 90 + Double(index) * 3
                for bp in jailSpec.role.processes + Array(repeating: jailSpec.role.worker, count: jailSpec.extraWorkers) {
                    var parentPID = 1
                    for n in 0..<bp.count {
                        let pid = allocatePID()
                        let p = makeProcess(bp, pid: pid, ppid: parentPID, jid: jid, instance: n, start: jailStart, scale: jailSpec.memoryScale)
                        if bp.isParent, n == 0 { parentPID = pid }
                        jail.processes.append(p)
                    }
                }
                // Children of a parent blueprint (nginx workers after the master) point at it.
                var lastParent: [String: Int] = [:]
                for i in jail.processes.indices {
                    let p = jail.processes[i]
                    if p.blueprint.isParent {
                        lastParent[p.blueprint.command] = p.pid
                    } else if let parent = lastParent[p.blueprint.command] {
                        jail.processes[i].ppid = parent
                    }
                }
            }
            if jailSpec.state == .dying {
                jail.exitedCPUSeconds = 5400
            }
            jails.append(jail)
        }
    }

    private mutating func makeProcess(
        _ bp: ProcessBlueprint, pid: Int, ppid: Int, jid: Int, instance: Int, start: Double, scale: Double
    ) -> SynthProcess {
        let jitter = random.between(0.85, 1.15)
        return SynthProcess(
            blueprint: bp, pid: pid, ppid: ppid, jid: jid, instance: instance,
            cpuTime: bp.cpuPeak / 100 * random.between(30, 1800), startTime: start + random.between(0, 30),
            rss: bp.rssMiB * 1_048_576 * jitter * scale, vsz: bp.vszMiB * 1_048_576 * scale)
    }
}

// MARK: - Moving time forward

extension HostSynthesizer {
    private mutating func advance(to time: Double) {
        let dt = spec.interval
        for j in jails.indices where jails[j].spec.state == .running {
            let role = jails[j].spec.role
            let wave = 0.5 + 0.5 * sin(2 * Double.pi * (Double(sample) / role.period + jails[j].spec.phase))
            // Processes that exit are replaced by new ones with fresh pids (php-fpm, cc, smtpd).
            for i in jails[j].processes.indices {
                let p = jails[j].processes[i]
                if p.blueprint.churn > 0, random.chance(p.blueprint.churn) {
                    jails[j].exitedCPUSeconds += p.cpuTime
                    usedPIDs.remove(p.pid)
                    let pid = allocatePID(gap: 1...30)
                    var fresh = makeProcess(
                        p.blueprint, pid: pid, ppid: p.ppid, jid: p.jid, instance: p.instance, start: time, scale: jails[j].spec.memoryScale)
                    fresh.cpuTime = 0
                    fresh.startTime = time - random.between(0, dt)
                    jails[j].processes[i] = fresh
                }
            }
            jails[j].memoryFactor *= 1 + role.memoryGrowth * random.between(0.5, 1.5)
            var total = 0.0
            for i in jails[j].processes.indices {
                let bp = jails[j].processes[i].blueprint
                let busy = bp.cpuPeak >= 50 ? random.between(0.8, 1.0) : (0.12 + 0.88 * wave) * random.between(0.6, 1.4)
                jails[j].processes[i].cpuPercent = bp.cpuPeak * busy
                total += jails[j].processes[i].cpuPercent
            }
            // A pcpu deny rule throttles the jail: the kernel holds it just under the limit.
            if let limit = jails[j].spec.rules.first(where: { $0.0 == .pcpu && $0.1 == .deny })?.2, total > Double(limit) {
                let scale = Double(limit) * random.between(0.95, 0.995) / total
                for i in jails[j].processes.indices { jails[j].processes[i].cpuPercent *= scale }
            }
            for i in jails[j].processes.indices {
                let bp = jails[j].processes[i].blueprint
                jails[j].processes[i].cpuTime += jails[j].processes[i].cpuPercent / 100 * dt
                let base = bp.rssMiB * 1_048_576 * jails[j].spec.memoryScale
                let target = base * jails[j].memoryFactor * random.between(0.97, 1.03)
                jails[j].processes[i].rss = 0.7 * jails[j].processes[i].rss + 0.3 * target
            }
            // A memoryuse deny rule: the kernel pushes pages out, so usage hovers under the limit.
            if let limit = jails[j].spec.rules.first(where: { $0.0 == .memoryuse && $0.1 == .deny })?.2 {
                let rss = jails[j].processes.reduce(0) { $0 + $1.rss }
                let cap = Double(limit) * random.between(0.955, 0.985)
                if rss > cap {
                    for i in jails[j].processes.indices { jails[j].processes[i].rss *= cap / rss }
                }
            }
            jails[j].readBps = role.readPeak * (0.1 + 0.9 * wave) * random.between(0.5, 1.5)
            jails[j].writeBps = role.writePeak * (0.1 + 0.9 * wave) * random.between(0.5, 1.5)
            if jails[j].spec.vnet {
                let rate = role.netPeak * (0.1 + 0.9 * wave) * random.between(0.6, 1.4)
                jails[j].rx += Int(rate * dt)
                jails[j].tx += Int(rate * dt * random.between(0.2, 0.5))
                jails[j].rxPackets += Int(rate * dt / 900)
                jails[j].txPackets += Int(rate * dt / 1400)
                jails[j].loRx += Int(random.between(0, 20_000))
            }
        }
        for i in hostProcesses.indices where hostProcesses[i].blueprint.cpuPeak > 0 {
            hostProcesses[i].cpuPercent = hostProcesses[i].blueprint.cpuPeak * random.between(0.3, 1.5)
            hostProcesses[i].cpuTime += hostProcesses[i].cpuPercent / 100 * dt
        }
    }
}

// MARK: - Writing a sample

extension HostSynthesizer {
    private mutating func snapshot(at time: Double) -> Snapshot {
        let busy = jails.reduce(0.0) { sum, j in sum + j.processes.reduce(0) { $0 + $1.cpuPercent } }
            + hostProcesses.reduce(0.0) { $0 + ($1.blueprint.command == "idle" ? 0 : $1.cpuPercent) }
        let capacity = Double(spec.ncpu) * 100
        // The idle threads soak up what is left, as ps shows them.
        if let idle = hostProcesses.firstIndex(where: { $0.blueprint.command == "idle" }) {
            hostProcesses[idle].cpuPercent = max(0, capacity - busy)
            if sample > 1 { hostProcesses[idle].cpuTime += hostProcesses[idle].cpuPercent / 100 * spec.interval }
        }
        let running = busy / 100
        if sample == 1 { loadavg = [running * 0.95, running * 0.85, running * 0.7] }
        for (i, minutes) in [1.0, 5.0, 15.0].enumerated() {
            let decay = exp(-spec.interval / (minutes * 60))
            loadavg[i] = loadavg[i] * decay + running * (1 - decay)
        }

        var processes: [JailProcess] = []
        processes.reserveCapacity(hostProcesses.count + jails.reduce(0) { $0 + $1.processes.count })
        for p in hostProcesses { processes.append(row(p, at: time)) }
        for j in jails { for p in j.processes { processes.append(row(p, at: time)) } }
        processes.sort { $0.pid < $1.pid }

        let rssTotal = processes.reduce(0) { $0 + $1.rssBytes }
        let host = HostInfo(
            hostname: spec.hostname, osrelease: spec.osrelease, ncpu: spec.ncpu, physmemBytes: spec.physmemBytes,
            loadavg: loadavg.map { ($0 * 100).rounded() / 100 }, boottime: (spec.start - spec.bootedSecondsBefore).rounded(),
            racct: .enabled, cpuPercent: (min(100, busy / capacity * 100) * 10).rounded() / 10,
            memUsedBytes: min(spec.physmemBytes, rssTotal + spec.physmemBytes / 6))

        var out: [Jail] = []
        for j in jails { out.append(jailRecord(j, at: time)) }
        return Snapshot(time: time, host: host, jails: out, processes: processes).withSummariesFromProcesses()
    }

    private func row(_ p: SynthProcess, at time: Double) -> JailProcess {
        let bp = p.blueprint
        let args = bp.args.replacingOccurrences(of: "{n}", with: String(p.instance + 1))
        return JailProcess(
            pid: p.pid, ppid: p.pid == 0 ? 0 : p.ppid, jid: p.jid, uid: bp.uid, user: bp.user,
            cpuPercent: (p.cpuPercent * 10).rounded() / 10,
            memPercent: (p.rss / Double(spec.physmemBytes) * 1000).rounded() / 10,
            rssBytes: Int(p.rss / 4096) * 4096, vszBytes: Int(p.vsz / 4096) * 4096,
            cpuTimeS: (p.cpuTime * 100).rounded() / 100, elapsedS: max(0, Int(time - p.startTime)),
            state: bp.state, threads: bp.threads, priority: bp.state.hasPrefix("R") ? 52 : 20, nice: 0,
            command: bp.command, args: args)
    }

    private func jailRecord(_ j: SynthJail, at time: Double) -> Jail {
        let s = j.spec
        // A managed jail's root is where its manager keeps it.
        let path = switch s.managedBy?.manager {
        case "bastille": "/usr/local/bastille/jails/\(s.name)/root"
        case "pot": "/opt/pot/jails/\(s.name)/m"
        default:
            s.name.contains(".")
                ? "/usr/local/jails/" + s.name.replacingOccurrences(of: ".", with: "/jails/")
                : "/usr/local/jails/\(s.name)"
        }
        let hostname = "\(s.name.replacingOccurrences(of: ".", with: "-")).\(spec.hostname.split(separator: ".").dropFirst().joined(separator: "."))"
        let rules = s.rules.map { RctlRule(subjectID: s.name, resource: $0.0.rawValue, action: $0.1, amount: $0.2, per: $0.3) }
        var jail = Jail(
            jid: j.jid, name: s.name, hostname: hostname, path: path, state: s.state, parent: j.parentJID,
            osrelease: s.state == .stopped ? "" : spec.osrelease, vnet: s.vnet, ip4: s.ip4, ip6: s.ip6, configured: true,
            params: [:], racct: nil, rules: rules, managedBy: s.managedBy)
        guard let jid = j.jid else { return jail }
        jail.params = params(j, jid: jid, hostname: hostname, path: path)
        jail.racct = usage(of: j, at: time)
        if s.vnet {
            jail.interfaces = [
                NetInterface(name: "epair\(j.index + 1)b", rxBytes: j.rx, txBytes: j.tx, rxPackets: j.rxPackets, txPackets: j.txPackets),
                NetInterface(name: "lo0", rxBytes: j.loRx, txBytes: j.loRx, rxPackets: j.loRx / 120, txPackets: j.loRx / 120),
            ]
        }
        return jail
    }

    /// racct counts a jail's own processes and those of every jail below it (the kernel charges
    /// a process's prison and all its ancestors: kern_racct.c `racct_add_cred_locked`).
    private func usage(of j: SynthJail, at time: Double) -> ResourceUsage {
        var members = j.processes
        var exited = j.exitedCPUSeconds
        for other in jails where other.jid != nil && isDescendant(other, of: j) {
            members += other.processes
            exited += other.exitedCPUSeconds
        }
        var u = ResourceUsage()
        let rss = members.reduce(0.0) { $0 + $1.rss }
        let vsz = members.reduce(0.0) { $0 + $1.vsz }
        let isDB = j.spec.role.sysvipc
        u[.cputime] = Int(exited + members.reduce(0) { $0 + $1.cpuTime })
        u[.datasize] = Int(rss * 0.62) / 4096 * 4096
        u[.stacksize] = members.count * 131_072
        u[.coredumpsize] = 0
        u[.memoryuse] = Int(rss) / 4096 * 4096
        u[.memorylocked] = 0
        u[.maxproc] = members.count
        u[.openfiles] = members.reduce(0) { $0 + 9 + $1.blueprint.threads * 3 } + (isDB ? 900 : 0)
        u[.vmemoryuse] = Int(vsz) / 4096 * 4096
        u[.pseudoterminals] = 0
        u[.swapuse] = 0
        u[.nthr] = members.reduce(0) { $0 + $1.blueprint.threads }
        u[.msgqqueued] = 0
        u[.msgqsize] = 0
        u[.nmsgq] = 0
        u[.nsem] = isDB ? 17 : 0
        u[.nsemop] = 0
        u[.nshm] = isDB ? 1 : 0
        u[.shmsize] = isDB ? 56_623_104 : 0
        u[.wallclock] = members.reduce(0) { $0 + max(0, Int(time - $1.startTime)) }
        u[.pcpu] = Int(members.reduce(0) { $0 + $1.cpuPercent }.rounded())
        u[.readbps] = Int(j.readBps)
        u[.writebps] = Int(j.writeBps)
        u[.readiops] = Int(j.readBps / 16384)
        u[.writeiops] = Int(j.writeBps / 8192)
        if j.spec.state == .dying {
            for r in RacctResource.allCases where r != .cputime && r != .wallclock { u[r] = 0 }
            u[.wallclock] = 86_417
        }
        return u
    }

    /// Whether `jail` is a child, grandchild… of `ancestor`.
    private func isDescendant(_ jail: SynthJail, of ancestor: SynthJail) -> Bool {
        guard let top = ancestor.jid else { return false }
        var parent = jail.parentJID
        var steps = 0
        while parent != 0, steps < jails.count {
            if parent == top { return true }
            parent = jails.first(where: { $0.jid == parent })?.parentJID ?? 0
            steps += 1
        }
        return false
    }

    /// Parameters as `jls -n --libxo json` reports them: numbers as strings, real booleans, lists.
    private func params(_ j: SynthJail, jid: Int, hostname: String, path: String) -> [String: ParamValue] {
        let s = j.spec
        let children = jails.filter { $0.parentJID == jid && $0.jid != nil }.count
        return [
            "allow.chflags": .bool(false), "allow.mount": .bool(false), "allow.mount.devfs": .bool(false),
            "allow.raw_sockets": .bool(s.role.name == "monitor"), "allow.set_hostname": .bool(false),
            "allow.sysvipc": .bool(s.role.sysvipc), "allow.reserved_ports": .bool(false),
            "children.cur": .string(String(children)), "children.max": .string(children > 0 ? "4" : "0"),
            "cpuset.id": .string(String(j.cpusetID)), "devfs_ruleset": .string(s.vnet ? "5" : "4"),
            "dying": .bool(s.state == .dying), "enforce_statfs": .string("2"), "host": .string("new"),
            "host.domainname": .string(""), "host.hostid": .string("0"), "host.hostname": .string(hostname),
            "host.hostuuid": .string("00000000-0000-0000-0000-000000000000"),
            "ip4": .string(s.vnet ? "inherit" : "new"), "ip4.addr": .list(s.ip4), "ip4.saddrsel": .bool(true),
            "ip6": .string(s.vnet ? "inherit" : (s.ip6.isEmpty ? "disable" : "new")), "ip6.addr": .list(s.ip6),
            "ip6.saddrsel": .bool(true), "jid": .string(String(jid)), "linux": .string("new"),
            "name": .string(s.name), "osreldate": .string("1403000"), "osrelease": .string(spec.osrelease),
            "parent": .string(String(j.parentJID)), "path": .string(path), "persist": .bool(true),
            "securelevel": .string("-1"), "sysvmsg": .string(s.role.sysvipc ? "new" : "disable"),
            "sysvsem": .string(s.role.sysvipc ? "new" : "disable"), "sysvshm": .string(s.role.sysvipc ? "new" : "disable"),
            "vnet": .string(s.vnet ? "new" : "inherit"),
        ]
    }
}
