import Foundation
import JailtopModel

/// Writes a sample as FreeBSD's tools would print it (`ps` text, `jls -n --libxo json`, `rctl`,
/// `sysctl -e`, `netstat --libxo json`), so the live collector can be run and measured on a
/// synthetic host of any size, and stand-in tools can serve a generated host.
public enum FreeBSDOutputs {
    /// `ps -ax -ww -o jid=JID … -o args=ARGS`, laid out as ps and libxo do.
    public static func ps(_ snapshot: Snapshot) -> [UInt8] {
        psBuilder(snapshot).text()
    }

    /// Every process as `ps`'s builder holds them, for the other layouts (`steadyText`,
    /// `text(onlyPIDs:)`).
    public static func psBuilder(_ snapshot: Snapshot) -> PsTextBuilder {
        var builder = PsTextBuilder()
        for p in snapshot.processes { builder.add(p) }
        return builder
    }

    /// `jls -d -n --libxo json`: running and dying jails with every parameter.
    public static func jls(_ snapshot: Snapshot) -> [UInt8] {
        var jails: [[String: Any]] = []
        for jail in snapshot.jails where jail.jid != nil {
            var object: [String: Any] = [:]
            for (key, value) in jail.params {
                switch value {
                case .string(let s): object[key] = s
                case .bool(let b): object[key] = b
                case .integer(let i): object[key] = String(i)
                case .list(let l): object[key] = l
                }
            }
            object["jid"] = String(jail.jid ?? 0)
            object["name"] = jail.name
            object["dying"] = jail.state == .dying
            jails.append(object)
        }
        let document: [String: Any] = ["__version": "2", "jail-information": ["jail": jails]]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    /// `jls -d -n --libxo json jid name path dying`: the short listing of the same jails.
    public static func jlsList(_ snapshot: Snapshot) -> [UInt8] {
        var text = #"{"__version": "2", "jail-information": {"jail": ["#
        var first = true
        for jail in snapshot.jails {
            guard let jid = jail.jid else { continue }
            func quoted(_ s: String) -> Substring {
                String(decoding: (try? JSONSerialization.data(withJSONObject: [s], options: [])) ?? Data("[\"\"]".utf8), as: UTF8.self)
                    .dropFirst().dropLast()
            }
            text += (first ? "" : ", ")
                + #"{"jid":"\#(jid)","name":\#(quoted(jail.name)),"path":\#(quoted(jail.path)),"dying":\#(jail.state == .dying)}"#
            first = false
        }
        return Array((text + "]}\n}\n").utf8)
    }

    /// `jls -d -n --libxo json` with `JlsParser.summaryArguments`' parameters, in that order
    /// (jls prints the parameters named as they are named): each from the jail's parameters,
    /// as the full listing has it, or from its fields.
    public static func jlsSummary(_ snapshot: Snapshot) -> [UInt8] {
        func quoted(_ s: String) -> Substring {
            String(decoding: (try? JSONSerialization.data(withJSONObject: [s], options: [])) ?? Data("[\"\"]".utf8), as: UTF8.self)
                .dropFirst().dropLast()
        }
        func list(_ items: [String]) -> String { "[" + items.map { String(quoted($0)) }.joined(separator: ", ") + "]" }
        func text(_ jail: Jail, _ key: String, _ fallback: String) -> String {
            switch jail.params[key] {
            case .string(let s): String(quoted(s))
            case .integer(let i): String(quoted(String(i)))
            default: String(quoted(fallback))
            }
        }
        var objects: [String] = []
        for jail in snapshot.jails {
            guard let jid = jail.jid else { continue }
            let ip4 = if case .list(let l) = jail.params["ip4.addr"] { l } else { jail.ip4 }
            let ip6 = if case .list(let l) = jail.params["ip6.addr"] { l } else { jail.ip6 }
            let fields = [
                #""jid":"\#(jid)""#, #""name":\#(quoted(jail.name))"#, #""path":\#(quoted(jail.path))"#,
                #""host.hostname":\#(text(jail, "host.hostname", jail.hostname))"#, #""dying":\#(jail.state == .dying)"#,
                #""vnet":\#(text(jail, "vnet", jail.vnet ? "new" : "inherit"))"#, #""ip4.addr": \#(list(ip4))"#,
                #""ip6.addr": \#(list(ip6))"#, #""parent":"\#(jail.parent)""#,
                #""osrelease":\#(text(jail, "osrelease", jail.osrelease))"#,
            ]
            objects.append("{" + fields.joined(separator: ",") + "}")
        }
        return Array((#"{"__version": "2", "jail-information": {"jail": ["# + objects.joined(separator: ", ") + "]}\n}\n").utf8)
    }

    /// `rctl`: every rule, one per line.
    public static func rctlRules(_ snapshot: Snapshot) -> String {
        snapshot.jails.flatMap(\.rules).map { $0.rule + "\n" }.joined()
    }

    /// `rctl -u jail:NAME`: the 25 resources in kernel order (zeros when unknown, as the kernel).
    public static func rctlUsage(_ jail: Jail?) -> String {
        RacctResource.allCases.map { "\($0.rawValue)=\(jail?.racct?[$0] ?? 0)\n" }.joined()
    }

    /// `sysctl -e -i …` for the OIDs the collector asks for. A fact the snapshot does not know
    /// is left out, as `-i` leaves out an OID the kernel does not have.
    public static func sysctl(_ snapshot: Snapshot, cpTime: [Int]) -> String {
        let h = snapshot.host
        let pages = (h.memUsedBytes ?? 0) / 4096
        let total = (h.physmemBytes ?? 0) / 4096
        var lines: [String] = []
        if let hostname = h.hostname { lines.append("kern.hostname=\(hostname)") }
        if let osrelease = h.osrelease { lines.append("kern.osrelease=\(osrelease)") }
        if let ncpu = h.ncpu { lines.append("hw.ncpu=\(ncpu)") }
        if let physmem = h.physmemBytes { lines.append("hw.physmem=\(physmem)") }
        lines.append("hw.pagesize=4096")
        if let loadavg = h.loadavg {
            lines.append("vm.loadavg={ \(loadavg.map { String(format: "%.2f", $0) }.joined(separator: " ")) }")
        }
        if let boottime = h.boottime {
            lines.append("kern.boottime={ sec = \(Int(boottime)), usec = 0 } Thu Nov 27 05:55:00 2025")
        }
        lines += [
            "kern.cp_time=\(cpTime.map(String.init).joined(separator: " "))",
            "kern.racct.enable=\(h.racct == .enabled ? 1 : 0)",
            "vm.stats.vm.v_active_count=\(pages)",
            "vm.stats.vm.v_wire_count=0",
            "vm.stats.vm.v_laundry_count=0",
            "vm.stats.vm.v_free_count=\(max(0, total - pages))",
            "vm.stats.vm.v_inactive_count=0",
        ]
        return lines.map { $0 + "\n" }.joined()
    }

    /// `netstat -j JID -ibn --libxo json`: one link row per interface.
    public static func netstat(_ jail: Jail) -> [UInt8] {
        let rows: [[String: Any]] = jail.interfaces.enumerated().map { i, iface in
            [
                "name": iface.name, "flags": "0x8863", "mtu": 1500, "network": "<Link#\(i + 1)>",
                "received-packets": iface.rxPackets, "received-errors": 0, "dropped-packets": 0,
                "received-bytes": iface.rxBytes, "sent-packets": iface.txPackets, "send-errors": 0,
                "sent-bytes": iface.txBytes, "collisions": 0,
            ]
        }
        let document: [String: Any] = ["statistics": ["interface": rows]]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}
