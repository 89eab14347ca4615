import JailtopModel

/// Readers for the small settings formats the managers write. None runs anything: shell
/// files are read as rc.conf is (`RcConf`: plain assignments, `${var}` expansion), and the
/// rest line by line, the way the managers' own `grep`/`sed` readers see them.
enum ManagerSettingsText {
    /// Shell assignments (`bastille.conf`, `settings.conf`, ezjail's and qjail's per-jail
    /// files): every variable a `.` of the file would set without running a command.
    static func shellVariables(_ bytes: [UInt8], file: String, base: [String: String] = [:]) -> [String: String] {
        var conf = RcConf(variables: base)
        conf.apply(bytes: bytes, file: file)
        return conf.variables
    }

    /// `key=value` lines with the quotes stripped (pot's `_get_conf_var`: `grep "^key="`), or
    /// `key: value` lines (AppJail templates) with `separators` ":", or either (UCL, where the
    /// first of them on the line splits it); every value of a key is kept, in order.
    static func keyValues(_ text: String, separators: String = "=") -> [String: [String]] {
        var values: [String: [String]] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimming(" \t")
            guard !line.isEmpty, !line.hasPrefix("#"), let at = line.firstIndex(where: separators.contains) else { continue }
            var key = line[..<at].trimming(" \t")
            var value = line[line.index(after: at)...].trimming(" \t")
            // AppJail: `key+: value` (and the man page's `key:+ value`) adds a value; `*key`
            // marks a required one.
            if value.hasPrefix("+") { value = String(value.dropFirst()).trimming(" \t") }
            if key.hasSuffix("+") { key.removeLast() }
            if key.hasPrefix("*") { key.removeFirst() }
            values[key, default: []].append(unquoted(value))
        }
        return values
    }

    /// A value with one pair of surrounding quotes (and a UCL line's `;`) removed.
    static func unquoted(_ value: String) -> String {
        var v = Substring(value)
        if v.hasSuffix(";") { v = v.dropLast() }
        v = Substring(v.trimming(" \t"))
        if v.count >= 2, let first = v.first, first == "\"" || first == "'", v.last == first {
            v = v.dropFirst().dropLast()
        }
        return String(v)
    }

    /// A manager's yes/no: `on`/`off`, `YES`/`NO`, `1`/`0`, `true`/`false`; nil for anything else.
    static func flag(_ value: String?) -> Bool? {
        guard let value else { return nil }
        switch value.lowercased() {
        case "on", "yes", "1", "true": return true
        case "off", "no", "0", "false", "none", "": return false
        default: return nil
        }
    }

    /// `USERLAND_VERSION="14.1-RELEASE-p5"` from a `bin/freebsd-version` script.
    static func userlandVersion(_ script: String) -> String? {
        for line in script.split(whereSeparator: \.isNewline) where line.hasPrefix("USERLAND_VERSION=") {
            let value = unquoted(String(line.dropFirst("USERLAND_VERSION=".count)))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Lines of a list file (Bastille's `tags`), blanks and comments dropped.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimming(" \t") }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

extension StringProtocol {
    /// The text without the given leading and trailing characters.
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
