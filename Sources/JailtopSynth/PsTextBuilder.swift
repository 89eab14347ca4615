import JailtopModel

/// Writes ps text the way FreeBSD 14 `ps` + libxo 1.4 lay it out, for round-trip and edge-case
/// tests: global column widths from `strlen()`, numbers right-aligned, user/state/comm
/// left-aligned and padded in display columns (a control byte counts 0), args unpadded last.
public struct PsTextBuilder: Sendable {
    /// One output row; `comm` is the bytes libxo wrote, `commStrlen` what ps measured (it differs
    /// when libxo re-encoded the name for the C locale).
    public struct Row: Sendable {
        public var values: [String]  // jid … nice, 15 fields as ps formats them
        public var comm: [UInt8]
        public var commStrlen: Int
        public var args: String
    }

    public var rows: [Row] = []

    public init() {}

    public static let headers = ["JID", "PID", "PPID", "UID", "USER", "CPU", "MEM", "RSS", "VSZ", "TIME", "ETIMES", "STAT", "NLWP", "PRI", "NI"]
    static let leftAligned: Set<Int> = [4, 11]

    public mutating func add(_ process: JailProcess, comm: [UInt8]? = nil, commStrlen: Int? = nil) {
        let minutes = Int(process.cpuTimeS) / 60
        let hundredths = Int((process.cpuTimeS * 100).rounded()) - minutes * 6000
        let time = "\(minutes):" + twoDigits(hundredths / 100) + "." + twoDigits(hundredths % 100)
        let values = [
            String(process.jid), String(process.pid), String(process.ppid), String(process.uid), process.user,
            oneDecimal(process.cpuPercent), oneDecimal(process.memPercent), String(process.rssBytes / 1024),
            String(process.vszBytes / 1024), time, String(process.elapsedS), process.state, String(process.threads),
            String(process.priority), String(process.nice),
        ]
        let commBytes = comm ?? Array(process.command.utf8)
        rows.append(Row(values: values, comm: commBytes, commStrlen: commStrlen ?? commBytes.count, args: process.args))
    }

    /// The full output: header line plus one line per row, each ending in a newline.
    public func text() -> [UInt8] {
        text(withoutArguments: false)
    }

    /// What `ps -ww -o … -p LIST` prints: only those processes, widths measured over them, in
    /// every column or in the steady layout.
    public func text(onlyPIDs pids: Set<Int>, steady: Bool = false) -> [UInt8] {
        var selected = self
        selected.rows = rows.filter { Int($0.values[1]).map(pids.contains) ?? false }
        return selected.text(withoutArguments: steady)
    }

    /// A counters run (`PsParser.counterArguments`): JID PID RSS TIME ETIMES NLWP, all
    /// right-aligned, the last one padded too (ps pads every right-aligned column).
    public func countersText() -> [UInt8] {
        let kept = [0, 1, 7, 9, 10, 12]
        var widths = kept.map { Self.headers[$0].utf8.count }
        for row in rows {
            for (k, index) in kept.enumerated() { widths[k] = max(widths[k], row.values[index].utf8.count) }
        }
        func line(_ values: [String]) -> [UInt8] {
            var out: [UInt8] = []
            for (k, value) in values.enumerated() {
                if k > 0 { out.append(0x20) }
                out += [UInt8](repeating: 0x20, count: max(0, widths[k] - value.utf8.count)) + Array(value.utf8)
            }
            return out + [0x0A]
        }
        var output = line(kept.map { Self.headers[$0] })
        for row in rows { output += line(kept.map { row.values[$0] }) }
        return output
    }

    /// A steady refresh's ps (`PsParser.Layout.withoutArguments`): no USER, and the pid again,
    /// right-aligned under the title PIDCHECK, instead of ARGS.
    public func steadyText() -> [UInt8] {
        text(withoutArguments: true)
    }

    private func text(withoutArguments steady: Bool) -> [UInt8] {
        let kept = steady ? Self.headers.indices.filter { $0 != 4 } : Array(Self.headers.indices)
        var widths = Self.headers.map(\.utf8.count)
        for row in rows {
            for (index, value) in row.values.enumerated() { widths[index] = max(widths[index], value.utf8.count) }
        }
        let pidCheckWidth = rows.reduce(8) { max($0, $1.values[1].utf8.count) }
        let commWidth = rows.reduce(4) { max($0, $1.commStrlen) }
        var output: [UInt8] = []
        func pad(_ bytes: [UInt8], _ width: Int, left: Bool, columns: Int? = nil) -> [UInt8] {
            let padding = [UInt8](repeating: 0x20, count: max(0, width - (columns ?? bytes.count)))
            return left ? bytes + padding : padding + bytes
        }
        var header: [UInt8] = []
        for index in kept {
            header += pad(Array(Self.headers[index].utf8), widths[index], left: Self.leftAligned.contains(index)) + [0x20]
        }
        header += pad(Array("COMM".utf8), commWidth, left: true) + Array((steady ? " PIDCHECK\n" : " ARGS\n").utf8)
        output += header
        for row in rows {
            var line: [UInt8] = []
            for index in kept {
                line += pad(Array(row.values[index].utf8), widths[index], left: Self.leftAligned.contains(index)) + [0x20]
            }
            let columns = row.comm.filter { $0 >= 0x20 && $0 != 0x7F }.count
            let last = steady ? pad(Array(row.values[1].utf8), pidCheckWidth, left: false) : Array(row.args.utf8)
            line += pad(row.comm, commWidth, left: true, columns: columns) + [0x20] + last + [0x0A]
            output += line
        }
        return output
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
