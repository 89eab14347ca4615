import JailtopModel

/// Bastille (shared/managers.md §1): every `/usr/local/etc/bastille/*.conf` names a
/// `bastille_jailsdir` (default `${bastille_prefix}/jails`, prefix `/usr/local/bastille`), and
/// each `NAME/jail.conf` there is one jail, with `settings.conf` (boot, priority), `tags`,
/// `fstab` (a thin jail's release) beside it.
struct BastilleLayout: ManagerLayout {
    static let settingsDirectory = "/usr/local/etc/bastille"
    static let defaultPrefix = "/usr/local/bastille"

    var manager: JailManager { .bastille }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: [Self.settingsDirectory])
        let names: [String]
        switch fs.list(Self.settingsDirectory) {
        case .success(let found): names = (found ?? []).filter { $0.hasSuffix(".conf") }
        case .failure(let reason):
            location.problems.append(ManagerProblem(Self.settingsDirectory, reason))
            names = []
        }
        var directories: [String] = []
        for name in names {
            let file = JailPath.join(Self.settingsDirectory, name)
            location.watched.append(file)
            switch fs.read(file) {
            case .success(let bytes):
                var variables = ManagerSettingsText.shellVariables(bytes, file: file, base: ["bastille_prefix": Self.defaultPrefix])
                if variables["bastille_jailsdir"] == nil {
                    variables["bastille_jailsdir"] = (variables["bastille_prefix"] ?? Self.defaultPrefix) + "/jails"
                }
                if let jailsdir = variables["bastille_jailsdir"], !jailsdir.isEmpty { directories.append(jailsdir) }
            case .failure(let reason):
                location.problems.append(ManagerProblem(file, reason))
            }
        }
        // Before `bastille setup` there is no bastille.conf, only the sample: the defaults hold.
        if names.isEmpty { directories.append(Self.defaultPrefix + "/jails") }
        var seen: Set<String> = []
        location.directories = directories.map(JailPath.normalized).filter { seen.insert($0).inserted }
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] {
        ["jail.conf", "settings.conf", "tags", "fstab"].map(entry.file)
    }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let confPath = entry.file("jail.conf")
        guard let bytes = try fs.jailFile(confPath) else { return nil }
        let conf: ConfiguredJail
        if let simple = Self.simpleJailConf(bytes, file: confPath) {
            conf = simple
        } else {
            let parsed = JailConfCatalog.parse(String(decoding: bytes, as: UTF8.self), file: confPath, root: fs.root)
            // list.sh takes the name from the block header; the directory has the same name.
            guard let first = parsed.jails.first(where: { $0.name == entry.name }) ?? parsed.jails.first else {
                let why = parsed.errors.first.map { "\($0)" } ?? "no jail block"
                throw ManagerProblem(confPath, why)
            }
            conf = first
        }
        // settings.conf since 1.0, boot.conf in 0.14 (same sysrc format); defaults from set_target.
        let settingsBytes = fs.read(entry.file("settings.conf")).success ?? fs.read(entry.file("boot.conf")).success
        let settings = settingsBytes.map { ManagerSettingsText.shellVariables($0, file: entry.file("settings.conf")) } ?? [:]
        let path = conf.path ?? entry.file("root")
        return ManagedJail(
            manager: .bastille, name: conf.name, path: path, hostname: conf.hostname ?? "", ip4: conf.ip4, ip6: conf.ip6,
            vnet: conf.vnet, boot: ManagerSettingsText.flag(settings["boot"]), priority: settings["priority"].flatMap { Int($0) },
            tags: ManagerSettingsText.lines(fs.text(entry.file("tags"))), notes: nil,
            release: Self.release(fstab: fs.text(entry.file("fstab")), root: path, fs), config: confPath)
    }

    /// The jail.conf Bastille writes (`generate_jail_conf`: one block of `key = value;` and
    /// `flag;` lines, values bare or in plain quotes), read line by line on bytes; nil for
    /// anything else (`+=`, variables, escapes, includes, a second block), which the full
    /// jail.conf parser then reads. On 1000 jails the full parser was most of a first look.
    static func simpleJailConf(_ bytes: [UInt8], file: String) -> ConfiguredJail? {
        var name: String?
        var params: [String: [String]] = [:]
        var closed = false
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var a = lineStart, b = lineEnd
            while a < b, isBlank(bytes[a]) { a += 1 }
            while b > a, isBlank(bytes[b - 1]) { b -= 1 }
            if a == b || bytes[a] == UInt8(ascii: "#") { continue }
            if closed { return nil }
            if name == nil {
                guard bytes[b - 1] == UInt8(ascii: "{") else { return nil }
                var e = b - 1
                while e > a, isBlank(bytes[e - 1]) { e -= 1 }
                guard e > a, bytes[a..<e].allSatisfy(isNameByte) else { return nil }
                name = String(decoding: bytes[a..<e], as: UTF8.self)
                continue
            }
            if b - a == 1, bytes[a] == UInt8(ascii: "}") {
                closed = true
                continue
            }
            guard bytes[b - 1] == UInt8(ascii: ";") else { return nil }
            b -= 1
            guard !bytes[a..<b].contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "\\") }) else { return nil }
            guard let equals = bytes[a..<b].firstIndex(of: UInt8(ascii: "=")) else {
                while b > a, isBlank(bytes[b - 1]) { b -= 1 }
                guard bytes[a..<b].allSatisfy(isNameByte) else { return nil }
                params[String(decoding: bytes[a..<b], as: UTF8.self)] = ["true"]
                continue
            }
            var keyEnd = equals
            while keyEnd > a, isBlank(bytes[keyEnd - 1]) { keyEnd -= 1 }
            // `+=` leaves a `+` in the key, which is no name byte: the full parser takes it.
            guard keyEnd > a, bytes[a..<keyEnd].allSatisfy(isNameByte) else { return nil }
            var v = equals + 1, w = b
            while v < w, isBlank(bytes[v]) { v += 1 }
            while w > v, isBlank(bytes[w - 1]) { w -= 1 }
            if v < w, bytes[v] == UInt8(ascii: "'") || bytes[v] == UInt8(ascii: "\"") {
                let quote = bytes[v]
                guard w - v >= 2, bytes[w - 1] == quote, !bytes[(v + 1)..<(w - 1)].contains(quote) else { return nil }
                v += 1
                w -= 1
            } else if bytes[v..<w].contains(where: { isBlank($0) || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) {
                return nil
            }
            params[String(decoding: bytes[a..<keyEnd], as: UTF8.self), default: []].append(String(decoding: bytes[v..<w], as: UTF8.self))
        }
        guard let name, closed else { return nil }
        return ConfiguredJail(name: name, params: params, file: file, line: 1)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// A thin jail mounts its release (`…/releases/14.1-RELEASE …/root/.bastille nullfs`); a
    /// thick one carries it in its own `bin/freebsd-version`.
    static func release(fstab: String?, root: String, _ fs: ManagerFileSystem) -> String? {
        for line in ManagerSettingsText.lines(fstab) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3, fields[2] == "nullfs", fields[1].hasSuffix("/.bastille") else { continue }
            if let release = fields[0].split(separator: "/").last { return String(release) }
        }
        return fs.textInside(jailRoot: root, "/bin/freebsd-version").flatMap(ManagerSettingsText.userlandVersion)
    }
}
