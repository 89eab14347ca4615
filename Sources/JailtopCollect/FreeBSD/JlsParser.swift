import JailtopModel

/// Reads `jls -d -n --libxo json` (every parameter of every jail, dying ones included).
///
/// Shape (usr.sbin/jls/jls.c, FreeBSD 14): `{"__version": "2", "jail-information": {"jail": [{…}]}}`.
/// In `-n` mode each parameter is written with its kernel name as the key (`host.hostname`,
/// dots kept), non-boolean values as strings from `jailparam_export()` — so `"jid":"1"` is a
/// string — booleans as real JSON booleans (`{en:NAME/true}`), and `ip4.addr`/`ip6.addr` as
/// arrays of strings (`emit_ip_addr_list`). Control bytes in names arrive raw (libxo 1.4), which
/// is why the document goes through `LibxoJSONReader` rather than a strict decoder.
public enum JlsParser {
    /// The argv after the program path.
    public static let arguments: [String] = ["-d", "-n", "--libxo", "json"]

    /// Only what tells one list of jails from another, and the root each jail's passwd is in:
    /// with named parameters jls reads just those (`-n` still gives real booleans), a few dozen
    /// bytes a jail instead of every parameter.
    public static let listArguments: [String] = arguments + ["jid", "name", "path", "dying"]

    /// Every field of `JlsJail`, and so of its parameters only these: what a table of jails
    /// and their totals shows (`snapshot`, metrics), a tenth of the full listing's bytes. jls
    /// refuses a parameter the kernel does not have ("jls: unknown parameter: ip6.addr" on a
    /// kernel without INET6, `vnet` without VIMAGE); the collector then reads the full listing.
    public static let summaryArguments: [String] =
        arguments + ["jid", "name", "path", "host.hostname", "dying", "vnet", "ip4.addr", "ip6.addr", "parent", "osrelease"]

    /// Every jail entry that can be read; a malformed entry costs only that jail.
    /// - Throws: when the document itself is not jls's.
    public static func parseEntries(_ output: [UInt8]) throws(ToolOutputError) -> Parsed<[JlsJail]> {
        let document = try LibxoJSONReader.read(output, tool: "jls")
        guard case .object(let top) = document else {
            throw ToolOutputError(tool: "jls", message: "expected a JSON object, got \(document.kindDescription)")
        }
        // `__version` is "2" on 12–14 and "3" in newer trees that renamed only `-v`'s keys; the
        // `-n` keys are kernel parameter names and do not depend on it, so any version is read.
        if let version = top["__version"], version.stringValue == nil {
            throw ToolOutputError(tool: "jls", message: "__version: expected a string, got \(version.kindDescription)")
        }
        guard let information = top["jail-information"] else {
            throw ToolOutputError(tool: "jls", message: "missing \"jail-information\" container")
        }
        guard case .object(let container) = information else {
            throw ToolOutputError(
                tool: "jls", message: "jail-information: expected an object, got \(information.kindDescription)")
        }
        guard let list = container["jail"] else { return Parsed([]) }  // no jails: libxo may omit the list
        guard case .array(let entries) = list else {
            throw ToolOutputError(tool: "jls", message: "jail: expected a list, got \(list.kindDescription)")
        }
        var jails: [JlsJail] = []
        var skipped = SkippedRows()
        jails.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            do throws(ToolOutputError) {
                jails.append(try jail(from: entry, position: position + 1))
            } catch {
                skipped.skip(error)
            }
        }
        return Parsed(jails, skipped: skipped)
    }

    /// Every jail, or the first bad entry's error.
    public static func parse(_ output: [UInt8]) throws(ToolOutputError) -> [JlsJail] {
        try parseEntries(output).strict()
    }

    private static func jail(from entry: LibxoJSONValue, position: Int) throws(ToolOutputError) -> JlsJail {
        guard case .object(let members) = entry else {
            throw ToolOutputError(tool: "jls", message: "jail #\(position): expected an object, got \(entry.kindDescription)")
        }
        func fail(_ message: String) -> ToolOutputError {
            ToolOutputError(tool: "jls", message: "jail #\(position): \(message)")
        }
        var params: [String: ParamValue] = [:]
        params.reserveCapacity(members.count)
        for (key, value) in members {
            if let param = paramValue(value) { params[key] = param }
        }
        guard let jidText = text(members["jid"]) else { throw fail("missing jid") }
        guard let jid = Int(jidText), jid > 0 else { throw fail("jid: expected a positive integer, got \(ToolOutputError.quote(jidText))") }
        guard let name = text(members["name"]) else { throw fail("missing name") }
        var parent = 0
        if let parentText = text(members["parent"]) {
            guard let value = Int(parentText), value >= 0 else {
                throw fail("parent: expected an integer, got \(ToolOutputError.quote(parentText))")
            }
            parent = value
        }
        let dying: Bool
        switch members["dying"] {
        case .bool(let flag): dying = flag
        // Without -n (or with explicit parameters on old trees) booleans come as strings.
        case .string("true"), .string("1"): dying = true
        case .string("false"), .string("0"), nil: dying = false
        case .some(let other): throw fail("dying: expected a boolean, got \(other.kindDescription)")
        }
        return JlsJail(
            jid: jid, name: name, hostname: text(members["host.hostname"]) ?? "",
            path: text(members["path"]) ?? "", parent: parent,
            osrelease: text(members["osrelease"]) ?? "", dying: dying,
            // jailsys: "new" is an own network stack; "inherit"/"disable" share the parent's.
            vnet: text(members["vnet"]) == "new",
            ip4: try addresses(members["ip4.addr"], key: "ip4.addr", fail: fail),
            ip6: try addresses(members["ip6.addr"], key: "ip6.addr", fail: fail),
            params: params)
    }

    /// A scalar as text: strings as-is, numbers by their digits (jls writes numbers as strings,
    /// but accept real numbers too).
    private static func text(_ value: LibxoJSONValue?) -> String? {
        switch value {
        case .string(let text): text
        case .number(let digits): digits
        default: nil
        }
    }

    /// An address list: a JSON array of strings, or (text-mode style) one comma-separated string.
    private static func addresses(
        _ value: LibxoJSONValue?, key: String, fail: (String) -> ToolOutputError
    ) throws(ToolOutputError) -> [String] {
        switch value {
        case nil, .null: return []
        case .string(let joined): return joined.split(separator: ",").map(String.init)
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let address) = item else {
                    throw fail("\(key): expected a list of strings, found \(item.kindDescription)")
                }
                result.append(address)
            }
            return result
        case .some(let other): throw fail("\(key): expected a list of addresses, got \(other.kindDescription)")
        }
    }

    /// The parameter as jailtop's model keeps it; nil for shapes jls never prints (objects, null).
    private static func paramValue(_ value: LibxoJSONValue) -> ParamValue? {
        switch value {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .number(let digits): return Int(digits).map(ParamValue.integer) ?? .string(digits)
        case .array(let items):
            return .list(items.compactMap { item in
                switch item {
                case .string(let text): text
                case .number(let digits): digits
                default: nil
                }
            })
        case .object, .null: return nil
        }
    }
}
