import JailtopModel

/// Reads `netstat -j JID -ibn --libxo json`: the counters of every interface a (VNET) jail sees.
///
/// Shape (usr.bin/netstat/if.c, `intpr`): `{"statistics": {"interface": [{…}, …]}}` with one
/// entry per *address*, not per interface. Each interface has one AF_LINK entry whose `network`
/// is `<Link#N>`; it carries the interface totals, so only those entries are used. Counters are
/// `%lu` JSON numbers; a statistic that does not apply is left out (read as 0). Interface names
/// are ordinary libxo strings, so the document goes through the lenient `LibxoJSONReader`.
/// Every interface is returned, lo0 included; callers filter.
public enum NetstatParser {
    /// The argv after the program path; `-j` attaches netstat to the jail (see `jail_attach`).
    public static func arguments(jid: Int) -> [String] {
        ["-j", String(jid), "-ibn", "--libxo", "json"]
    }

    /// Every interface that can be read; a malformed entry costs only that interface.
    /// - Throws: when the document itself is not netstat's (no interface list at all).
    public static func parseRows(_ output: [UInt8]) throws(ToolOutputError) -> Parsed<[NetInterface]> {
        let document = try LibxoJSONReader.read(output, tool: "netstat")
        guard let statistics = document["statistics"] else {
            throw ToolOutputError(tool: "netstat", message: "missing \"statistics\" container")
        }
        guard let list = statistics["interface"] else {
            if statistics.objectValue != nil { return Parsed([]) }  // no interfaces at all
            throw ToolOutputError(
                tool: "netstat", message: "statistics: expected an object, got \(statistics.kindDescription)")
        }
        guard case .array(let entries) = list else {
            throw ToolOutputError(tool: "netstat", message: "interface: expected a list, got \(list.kindDescription)")
        }
        var interfaces: [NetInterface] = []
        var skipped = SkippedRows()
        for (position, entry) in entries.enumerated() {
            do throws(ToolOutputError) {
                if let interface = try interface(entry, position: position + 1) { interfaces.append(interface) }
            } catch {
                skipped.skip(error)
            }
        }
        return Parsed(interfaces, skipped: skipped)
    }

    /// Every interface, or the first bad entry's error.
    public static func parse(_ output: [UInt8]) throws(ToolOutputError) -> [NetInterface] {
        try parseRows(output).strict()
    }

    /// One entry: nil for the address rows (only `<Link#N>` rows carry the counters).
    private static func interface(_ entry: LibxoJSONValue, position: Int) throws(ToolOutputError) -> NetInterface? {
        guard case .object(let members) = entry else {
            throw ToolOutputError(
                tool: "netstat", message: "interface #\(position): expected an object, got \(entry.kindDescription)")
        }
        guard case .string(let network)? = members["network"], network.hasPrefix("<Link#") else { return nil }
        guard case .string(let name)? = members["name"], !name.isEmpty else {
            throw ToolOutputError(tool: "netstat", message: "interface #\(position): missing name")
        }
        func counter(_ key: String) throws(ToolOutputError) -> Int {
            guard let value = members[key] else { return 0 }
            if case .number(let digits) = value, let count = Int(digits), count >= 0 { return count }
            throw ToolOutputError(
                tool: "netstat",
                message: "interface \(ToolOutputError.quote(name)): \(key): expected a counter, got \(describe(value))")
        }
        return NetInterface(
            name: name, rxBytes: try counter("received-bytes"), txBytes: try counter("sent-bytes"),
            rxPackets: try counter("received-packets"), txPackets: try counter("sent-packets"))
    }

    private static func describe(_ value: LibxoJSONValue) -> String {
        switch value {
        case .number(let digits): ToolOutputError.quote(digits)
        case .string(let text): "the string \(ToolOutputError.quote(text))"
        default: value.kindDescription
        }
    }
}
