import JailtopModel

/// `jailtop snapshot --host h1 --host h2`: each host's summary line, then one table of every
/// host's jails with a HOST column (the `--host` argument), so a fleet reads as one listing.
/// A host without a sample is a summary line saying why.
public struct FleetReport: Sendable {
    /// One host's part: its report (sample, jails to list, rates), or why there is none.
    public struct Host: Sendable {
        public var label: String
        public var report: SnapshotReport?
        public var problem: String?

        public init(label: String, report: SnapshotReport?, problem: String? = nil) {
            self.label = label
            self.report = report
            self.problem = problem
        }
    }

    public var hosts: [Host]

    public init(hosts: [Host]) {
        self.hosts = hosts
    }

    public func renderBytes() -> [UInt8] {
        var lines: [String] = []
        for host in hosts {
            let label = SanitizedText.clean(host.label)
            if let report = host.report {
                let summary = report.summaryLines()
                lines.append("\(label): \(summary[0])")
                lines.append("\(String(repeating: " ", count: label.count + 2))\(summary[1]); \(summary[2])")
            } else {
                lines.append("\(label): \(SanitizedText.clean(host.problem ?? "no sample"))")
            }
        }
        var out = Array((lines.joined(separator: "\n") + "\n\n").utf8)
        let reports = hosts.compactMap { host in host.report.map { (host.label, $0) } }
        let managed = reports.contains { $0.1.jails.contains { $0.managedBy != nil } }
        var table = TextTable(columns: SnapshotReport.jailColumns(managed: managed, host: true))
        for (label, report) in reports {
            for jail in report.jails { table.append([label] + report.jailCells(jail, managed: managed)) }
        }
        out.append(contentsOf: table.renderBytes())
        return out
    }
}
